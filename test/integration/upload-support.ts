/**
 * Support for the `upload-artifact` integration tests: running the built bundle in a chosen working
 * directory (relative `path` inputs resolve there, as on a runner), with static credentials; the
 * fault-injecting proxy (test/support/fault-proxy.ts) and its naming of S3 operations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Manifest } from '../../src/operations/upload-artifact/manifest.js';
import { TEST_CREDENTIALS } from './fixtures.js';
import { DIST, parseKeyValueFile, toRecord } from './harness.js';

// ---------------------------------------------------------------------------------------------------
// Running the bundle

export interface UploadRunSpec {
  inputs: Record<string, string>;
  /** The step's working directory. */
  cwd: string;
  /** Extra environment; `undefined` removes a default. */
  env?: Record<string, string | undefined>;
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

export interface UploadRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
  durationMs: number;
}

/** Directories `runUpload` made, removed by `cleanUpRuns`. */
const runDirs: string[] = [];

/**
 * Runs dist/index.js as the runner does (INPUT_* variables, runner files, a clean environment) with
 * static keys for the default credential chain and the given working directory. The harness's
 * `runBundle` has no working directory, hence this small twin.
 */
export async function runUpload(spec: UploadRunSpec): Promise<UploadRunResult> {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
  const dir = await mkdtemp(join(tmpdir(), 'atp-upload-it-'));
  runDirs.push(dir);
  const files = {
    output: join(dir, 'github_output'),
    env: join(dir, 'github_env'),
    summary: join(dir, 'step_summary'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const runnerTemp = await mkdtemp(join(dir, 'runner-temp-'));
  const home = await mkdtemp(join(dir, 'home-'));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/aws-task-pack',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'integration',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: spec.cwd,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runnerTemp,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-such-credentials'),
    AWS_CONFIG_FILE: join(dir, 'no-such-config'),
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  for (const [name, value] of Object.entries(spec.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, spec.env);
  const cleanEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );

  const started = Date.now();
  const child = spawn(process.execPath, [DIST], {
    cwd: spec.cwd,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  spec.onSpawn?.(child);
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
  const [outputText, summary] = await Promise.all([
    readFile(files.output, 'utf8'),
    readFile(files.summary, 'utf8'),
  ]);
  return {
    code,
    signal,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    outputs: toRecord(parseKeyValueFile(outputText)),
    summary,
    runnerTemp,
    durationMs: Date.now() - started,
  };
}

export async function cleanUpRuns(): Promise<void> {
  await Promise.all(runDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Fails with the run's whole output when it did not exit with `code`. */
export function expectCode(result: UploadRunResult, code: number): void {
  if (result.code !== code)
    throw new Error(
      `The action exited with ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected ${code}.\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
}

// ---------------------------------------------------------------------------------------------------
// S3 operations on the wire, and the proxy that can fail or hold them

export {
  s3OperationOf as objectOperation,
  startFaultProxy,
  type FaultProxy,
  type SeenRequest,
} from '../support/fault-proxy.js';

/** Requests that write: anything but GET and HEAD. */
export const writes = <T extends { method: string }>(requests: T[]): T[] =>
  requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

// ---------------------------------------------------------------------------------------------------
// Files, and what the bucket holds (read straight from moto)

const MIB = 1024 * 1024;

/** Writes `size` random bytes in 1 MiB chunks; returns their SHA-256. */
export async function writeRandomFile(path: string, size: number): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let left = size; left > 0; left -= MIB) {
    const chunk = randomBytes(Math.min(MIB, left));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return hash.digest('hex');
}

/** Every key under the prefix, sorted. */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Incomplete multipart uploads under the prefix, as `key uploadId`. */
export async function listOpenUploads(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const out = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return (out.Uploads ?? []).map((u) => `${u.Key} ${u.UploadId}`);
}

/** The SHA-256 and length of the stored bytes. */
export async function storedSha256(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ sha256: string; bytes: number }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of out.Body as Readable) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The manifest file a run wrote (`manifest-path`). */
export function readUploadManifest(result: UploadRunResult): Manifest {
  const path = result.outputs['manifest-path'];
  if (!path) throw new Error(`no manifest-path output\n${result.stdout}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}
