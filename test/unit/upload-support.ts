/**
 * Helpers for the `upload-artifact` unit tests: temp trees on disk, settings parsed from inputs the way
 * the action does, a logger on a fake host, and S3 errors shaped as the SDK throws them.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import type { CommonSettings } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';
import { Logger } from '../../src/logging/logger.js';
import { Redactor } from '../../src/logging/redactor.js';
import type { Manifest } from '../../src/operations/upload-artifact/manifest.js';
import { parseUploadArtifact, type UploadSettings } from '../../src/operations/upload-artifact/settings.js';
import { FakeHost, githubEnv } from './fake-host.js';

/** A file's content, or `{ link }` for a symbolic link to that target (relative or absolute). */
export type TreeEntry = string | Buffer | { link: string };

/** A temp directory; `path(...)` joins inside it. Real path, so comparisons never trip over a symlinked tmpdir. */
export interface TempTree {
  dir: string;
  path(...segments: string[]): string;
  add(entries: Record<string, TreeEntry>): void;
  remove(): void;
}

export function tempTree(entries: Record<string, TreeEntry> = {}, label = 'atp-upload-'): TempTree {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), label)));
  const tree: TempTree = {
    dir,
    path: (...segments) => join(dir, ...segments),
    add(more) {
      for (const [rel, entry] of Object.entries(more)) {
        const path = join(dir, rel);
        mkdirSync(dirname(path), { recursive: true });
        if (typeof entry === 'object' && !Buffer.isBuffer(entry)) symlinkSync(entry.link, path);
        else writeFileSync(path, entry);
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  tree.add(entries);
  return tree;
}

/** The upload parser does not read the common settings. */
const COMMON = {} as CommonSettings;

/** Settings exactly as the action parses them, from raw inputs (schema defaults apply). */
export function uploadSettings(
  inputs: Record<string, string | undefined>,
  env: Record<string, string | undefined> = {},
  now = new Date('2026-03-04T05:06:07Z'),
): UploadSettings {
  const reader = schemaReader((name) => inputs[name]?.trim() || undefined);
  return parseUploadArtifact(reader, COMMON, env, now);
}

/** A logger writing to a fake host, which is returned too (for its warnings and lines). */
export function testLogger(debug = false): { logger: Logger; host: FakeHost } {
  const host = new FakeHost({ debug });
  return { logger: new Logger(host, new Redactor()), host };
}

/** HeadObject on a missing key, as the SDK reports it (HEAD has no body, so only the status is known). */
export function notFound(): NotFound {
  return new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
}

/** A modelled-looking S3 error with a status: `InternalError` 500, `AccessDenied` 403, … */
export function s3Error(name: string, status: number, message = `${name} from S3`): S3ServiceException {
  // The SDK copies the parsed error body (`Code`, `RequestId`) onto the exception.
  return Object.assign(
    new S3ServiceException({
      name,
      message,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status, requestId: 'req-1' },
    }),
    { Code: name, RequestId: 'req-1' },
  );
}

/** Calls `fn` and returns what it threw (fails when it did not throw). */
export async function thrown(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

/** A fake runner host for a whole `upload-artifact` run: static inputs for region, endpoint and bucket. */
export function uploadHost(
  inputs: Record<string, string | undefined>,
  options: { tempDir: string; env?: Record<string, string | undefined>; debug?: boolean },
): FakeHost {
  return new FakeHost({
    inputs: {
      operation: 'upload-artifact',
      'aws-region': 'us-east-1',
      // Never reached (the S3 client is mocked), but a loopback endpoint keeps any slip off the network.
      'endpoint-url': 'http://127.0.0.1:9',
      'force-path-style': 'true',
      bucket: 'my-bucket',
      ...inputs,
    },
    env: options.env ?? githubEnv(),
    tempDir: options.tempDir,
    debug: options.debug,
  });
}

/** The `manifest-path` output's file, parsed, its entries sorted by key (files finish in any order). */
export function readManifest(host: FakeHost): Manifest {
  const path = host.outputs['manifest-path'];
  if (!path) throw new Error('no manifest-path output');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  manifest.files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return manifest;
}
