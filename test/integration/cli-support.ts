/**
 * Running the built CLI (`node dist/cli.js`) as another CI would: arguments, a working directory and a
 * clean environment (no GitHub variables, no AWS settings but the ones a test gives, no instance
 * metadata, no shared config files).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRunSpec {
  args: string[];
  /** Extra environment; `undefined` removes a default. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

export interface CliRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as the one JSON object `--output json` prints, when it is one. */
  json?: Record<string, string>;
  durationMs: number;
}

const homes: string[] = [];

export async function runCli(spec: CliRunSpec): Promise<CliRunResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const home = await mkdtemp(join(tmpdir(), 'atp-cli-home-'));
  homes.push(home);
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-such-credentials'),
    AWS_CONFIG_FILE: join(home, 'no-such-config'),
    ...spec.env,
  };
  const cleanEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...spec.args], {
    env: cleanEnv,
    cwd: spec.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs ?? 60_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c, s) => {
        clearTimeout(timer);
        resolve({ code: c, signal: s });
      });
    },
  );
  const stdout = Buffer.concat(out).toString('utf8');
  let json: Record<string, string> | undefined;
  try {
    const parsed = JSON.parse(stdout) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      json = parsed as Record<string, string>;
  } catch {
    json = undefined;
  }
  return {
    code,
    signal,
    stdout,
    stderr: Buffer.concat(err).toString('utf8'),
    json,
    durationMs: Date.now() - started,
  };
}

/** Fails with the run's whole output when it did not exit with `code`. */
export function expectCliExit(result: CliRunResult, code: number): void {
  if (result.code !== code)
    throw new Error(
      `The CLI exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected ${code}.\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
}

export async function cleanUpCliRuns(): Promise<void> {
  await Promise.all(homes.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
