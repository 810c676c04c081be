/**
 * Running the built CLI (`node dist/cli.js`) as another CI would: arguments, a working directory and a
 * clean environment (no GitHub variables, no AWS settings but the ones a test gives, no instance
 * metadata, no shared config files).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnvironment, expectExit, runEntry, type EntryResult } from './harness.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRunSpec {
  args: string[];
  /** Extra environment; `undefined` removes a default. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

export interface CliRunResult extends EntryResult {
  /** stdout as the one JSON object `--output json` prints, when it is one. */
  json?: Record<string, unknown>;
}

const homes: string[] = [];

export async function runCli(spec: CliRunSpec): Promise<CliRunResult> {
  const home = await mkdtemp(join(tmpdir(), 'atp-cli-home-'));
  homes.push(home);
  const result = await runEntry({
    entry: CLI,
    args: spec.args,
    env: { ...cleanEnvironment(home), ...spec.env },
    cwd: spec.cwd,
    timeoutMs: spec.timeoutMs,
  });
  return { ...result, json: jsonObject(result.stdout) };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Not JSON.
  }
  return undefined;
}

/** Fails with the run's whole output when it did not exit with `code`. */
export function expectCliExit(result: CliRunResult, code: number): void {
  expectExit(result, code, 'The CLI');
}

export async function cleanUpCliRuns(): Promise<void> {
  await Promise.all(homes.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
