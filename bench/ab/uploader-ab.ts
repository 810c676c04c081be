/**
 * The uploader A/B driver: the same files through the same client factory, the same adaptive file
 * limit and the same `Uploader` interface, with either implementation behind it, so the difference
 * measured is the uploader's alone. Bundled by the bench with esbuild (it imports `src/`).
 *
 * Usage: node uploader-ab.mjs <ours|lib-storage> <adaptive|pinned> <files> <parts> files <endpoint> <bucket> <dir> <key-prefix>
 *        node uploader-ab.mjs <ours|lib-storage> <adaptive|pinned> <files> <parts> big <endpoint> <bucket> <file> <key>
 * `<files>` and `<parts>` are the upper bounds (`concurrency`, `part-concurrency`); `pinned` keeps
 * them fixed instead of letting the limit find its level (lib-storage's queue is always fixed).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ClientFactory } from '../../src/aws/client-factory.js';
import { S3Uploader } from '../../src/transfer/s3-uploader.js';
import { INITIAL_FILES, type Uploader } from '../../src/transfer/uploader.js';
import { AdaptiveLimit, forEachAdaptive } from '../../src/util/adaptive-limit.js';
import { LibStorageUploader } from './lib-storage-uploader.js';

const MIB = 1024 * 1024;
const [which, how, files, parts, mode, endpoint, bucket, source, target] = process.argv.slice(2);
const pinned = how === 'pinned';
const signal = new AbortController().signal;
const factory = new ClientFactory({
  region: 'us-east-1',
  endpointUrl: endpoint,
  forcePathStyle: true,
  maxAttempts: 3,
  connectTimeoutMs: 10_000,
  readTimeoutMs: 120_000,
  userAgent: [],
  signal,
});
// The action's part size and memory budget (action.yml).
const tuning = {
  partSizeBytes: 8 * MIB,
  partConcurrency: Number(parts),
  memoryBudgetBytes: 256 * MIB,
  adaptive: !pinned,
};
// `AB_CHECKSUMS=1`: checksums as the action sends them to AWS (off by default, as for any custom endpoint).
const write = { bucket: bucket!, checksums: process.env.AB_CHECKSUMS === '1', ifNoneMatch: false };
const uploader: Uploader =
  which === 'lib-storage'
    ? new LibStorageUploader(factory.s3(), write, tuning, { signal })
    : new S3Uploader({ s3: factory.s3(), bulk: factory.s3Bulk() }, write, tuning, { signal });

const jobs =
  mode === 'files'
    ? readdirSync(source!, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .map((path) => ({ path, key: target! + relative(source!, path).split(sep).join('/') }))
    : [{ path: source!, key: target! }];
const limit = new AdaptiveLimit({ initial: pinned ? Number(files) : INITIAL_FILES, max: Number(files) });
await forEachAdaptive(jobs, limit, async ({ path, key }) => {
  const size = statSync(path).size;
  const out = await uploader.upload({
    path,
    size,
    key,
    headers: { contentType: 'application/octet-stream', metadata: {} },
    recordSha256: false,
  });
  return { units: size + 64 * 1024, outcome: out.retried ? 'throttled' : 'ok' };
});
await uploader.close();
factory.destroy();
console.log(`uploaded ${jobs.length} file(s) with ${which}`);
