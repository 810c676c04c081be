/**
 * Support for the `upload-artifact` integration tests: running the built bundle in a chosen working
 * directory (relative `path` inputs resolve there, as on a runner), with static credentials; the
 * fault-injecting proxy (test/support/fault-proxy.ts) and its naming of S3 operations.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Manifest } from '../../src/operations/upload-artifact/manifest.js';
import { TEST_CREDENTIALS } from './fixtures.js';
import { runBundle, type RunResult, type RunSpec } from './harness.js';

// ---------------------------------------------------------------------------------------------------
// Running the bundle

export interface UploadRunSpec extends Omit<RunSpec, 'cwd' | 'idToken' | 'credentials'> {
  /** The step's working directory. */
  cwd: string;
}

export type UploadRunResult = RunResult;

/** Directories `runUpload` made, removed by `cleanUpRuns`. */
const runDirs: string[] = [];

/**
 * Runs dist/index.js as the runner does (the harness's `runBundle`) on a push to main, with static
 * keys for the default credential chain, no ID token endpoint, and the given working directory.
 */
export async function runUpload(spec: UploadRunSpec): Promise<UploadRunResult> {
  const result = await runBundle({
    ...spec,
    idToken: false,
    credentials: TEST_CREDENTIALS,
    env: { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', ...spec.env },
  });
  runDirs.push(result.workDir);
  return result;
}

export async function cleanUpRuns(): Promise<void> {
  await Promise.all(runDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export { expectExit as expectCode } from './harness.js';

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
