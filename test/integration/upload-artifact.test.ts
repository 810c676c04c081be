/**
 * `upload-artifact` end to end: the built dist/index.js, run as the Actions runner runs it (INPUT_*
 * variables, runner files, a working directory for relative paths, static keys), against moto_server
 * — directly, through the harness's counting proxy, or through a proxy that fails or holds chosen S3
 * requests.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startMoto, type Moto } from '../support/moto.js';
import { REGION } from './fixtures.js';
import { startCountingProxy, type CountingProxy } from './harness.js';
import { s3Client, uniqueBucket } from './s3-support.js';
import {
  cleanUpRuns,
  expectCode,
  listKeys,
  listOpenUploads,
  objectOperation,
  readUploadManifest,
  runUpload,
  startFaultProxy,
  storedSha256,
  writeRandomFile,
  writes,
  type FaultProxy,
  type SeenRequest,
  type UploadRunResult,
} from './upload-support.js';
import type { FaultRule } from '../support/fault-proxy.js';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

const MIB = 1024 * 1024;
const SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The site tree: nested folders, hidden files, unicode and spaces in names. */
const SITE: Record<string, string> = {
  'site/index.html': '<!doctype html><title>home</title>',
  'site/assets/app.mjs': 'export const x = 1;\n',
  'site/assets/app.mjs.map': '{"version":3}',
  'site/assets/style.css': 'body{margin:0}',
  'site/img/logo.webp': 'RIFF....WEBP',
  'site/fonts/Inter.woff2': 'wOF2',
  'site/docs/read me.txt': 'spaces in the name',
  'site/docs/empty.txt': '',
  'site/docs/ünïcödé/日本語.md': '# こんにちは',
  'site/docs/report (final) & co+1.json': '{"final":true}',
  'site/docs/private/secret.txt': 'excluded by a ! line',
  'site/.env': 'HIDDEN=1',
  'site/.well-known/security.txt': 'hidden folder',
  'site/assets/.cache/blob': 'hidden folder, nested',
};

/** The site's uploaded files, relative to `site/`: no hidden files, no `docs/private`. */
const SITE_KEYS = [
  'assets/app.mjs',
  'assets/app.mjs.map',
  'assets/style.css',
  'docs/empty.txt',
  'docs/read me.txt',
  'docs/report (final) & co+1.json',
  'docs/ünïcödé/日本語.md',
  'fonts/Inter.woff2',
  'img/logo.webp',
  'index.html',
];

const EXPECTED_TYPE: Record<string, string> = {
  'assets/app.mjs': 'text/javascript; charset=utf-8',
  'assets/app.mjs.map': 'application/json; charset=utf-8',
  'assets/style.css': 'text/css; charset=utf-8',
  'docs/read me.txt': 'text/plain; charset=utf-8',
  'docs/empty.txt': 'text/plain; charset=utf-8',
  'docs/report (final) & co+1.json': 'application/json; charset=utf-8',
  'docs/ünïcödé/日本語.md': 'text/markdown; charset=utf-8',
  'fonts/Inter.woff2': 'font/woff2',
  'img/logo.webp': 'image/webp',
  'index.html': 'text/html; charset=utf-8',
};

const CACHE_RULES = [
  '**/*.html: no-cache',
  'assets/**: public, max-age=31536000, immutable',
  '**: max-age=300',
].join('\n');
const expectedCache = (rel: string): string =>
  rel.endsWith('.html')
    ? 'no-cache'
    : rel.startsWith('assets/')
      ? 'public, max-age=31536000, immutable'
      : 'max-age=300';

let moto: Moto;
let counting: CountingProxy;
let fault: FaultProxy;
let s3: S3Client;
let bucket: string;
let work: string;
let big: { rel: string; size: number; sha256: string };

function writeTree(files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(work, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

const baseInputs = (endpoint: string, inputs: Record<string, string>): Record<string, string> => ({
  operation: 'upload-artifact',
  'aws-region': REGION,
  'endpoint-url': endpoint,
  'force-path-style': 'true',
  bucket,
  ...inputs,
});

const upload = (
  endpoint: string,
  inputs: Record<string, string>,
  options: Partial<Parameters<typeof runUpload>[0]> = {},
): Promise<UploadRunResult> => runUpload({ cwd: work, ...options, inputs: baseInputs(endpoint, inputs) });

const keysUnder = (prefix: string): Promise<string[]> => listKeys(s3, bucket, prefix);
const openUploads = (prefix: string): Promise<string[]> => listOpenUploads(s3, bucket, prefix);
const objectSha256 = (key: string) => storedSha256(s3, bucket, key);

async function head(key: string) {
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
}

async function exists(key: string): Promise<boolean> {
  try {
    await head(key);
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'atp-upload-work-')));
  writeTree(SITE);
  const size = 100 * MIB;
  big = { rel: 'big/data.bin', size, sha256: await writeRandomFile(join(work, 'big/data.bin'), size) };
  moto = await startMoto();
  [counting, fault] = await Promise.all([startCountingProxy(moto.endpoint), startFaultProxy(moto.endpoint)]);
  s3 = s3Client(moto.endpoint, REGION);
  bucket = uniqueBucket('upload');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await Promise.allSettled([counting?.close(), fault?.close()]);
  await moto?.stop();
  await cleanUpRuns();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a site tree', () => {
  const prefix = `builds/${SHA.slice(0, 7)}/`;
  const siteInputs = {
    path: 'site\n!site/docs/private',
    'key-prefix': 'builds/{short_sha}/',
    'cache-control': CACHE_RULES,
  };
  let first: UploadRunResult;

  beforeAll(async () => {
    first = await upload(counting.endpoint, { ...siteInputs, 'upload-manifest': 'true' });
  });

  it('uploads every visible file under the right key, and nothing else', async () => {
    expectCode(first, 0);
    expect(await keysUnder('builds/')).toEqual(
      [...SITE_KEYS.map((k) => prefix + k), `${prefix}manifest.json`].sort(),
    );
    expect(first.outputs).toMatchObject({
      'exit-code': '0',
      'uploaded-count': String(SITE_KEYS.length),
      'skipped-count': '0',
      'key-prefix': prefix,
      's3-uri': `s3://${bucket}/${prefix}`,
      bytes: String(SITE_KEYS.reduce((n, k) => n + Buffer.byteLength(SITE[`site/${k}`]!), 0)),
    });
    expect(first.stdout).toContain('Left out 3 hidden files');
  });

  it('gives each object its content type, Cache-Control, size and SHA-256 metadata', async () => {
    for (const rel of SITE_KEYS) {
      const content = SITE[`site/${rel}`]!;
      const h = await head(prefix + rel);
      expect({
        rel,
        type: h.ContentType,
        cache: h.CacheControl,
        size: h.ContentLength,
        sha: h.Metadata?.sha256,
      }).toEqual({
        rel,
        type: EXPECTED_TYPE[rel],
        cache: expectedCache(rel),
        size: Buffer.byteLength(content),
        sha: sha256(content),
      });
    }
  });

  it('writes the manifest file and stores the same manifest at <prefix>manifest.json', async () => {
    const manifest = readUploadManifest(first);
    expect(first.outputs['manifest-path']!.startsWith(first.runnerTemp)).toBe(true);
    expect(manifest).toMatchObject({ bucket, keyPrefix: prefix });
    // Files finish in any order (concurrency 8); the manifest lists each exactly once.
    expect(manifest.files.map((f) => f.key).sort()).toEqual(SITE_KEYS.map((k) => prefix + k).sort());
    for (const entry of manifest.files) {
      const rel = entry.key.slice(prefix.length);
      const h = await head(entry.key);
      expect(entry).toEqual({
        key: prefix + rel,
        size: Buffer.byteLength(SITE[`site/${rel}`]!),
        sha256: sha256(SITE[`site/${rel}`]!),
        etag: h.ETag,
        contentType: EXPECTED_TYPE[rel],
        s3Uri: `s3://${bucket}/${prefix}${rel}`,
      });
    }
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}manifest.json` }));
    expect(stored.ContentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(await stored.Body!.transformToString())).toEqual(manifest);
    expect(first.summary).toContain(`s3://${bucket}/${prefix}manifest.json`);
  });

  it('overwrite: if-changed, run again: nothing is written (zero PUT/POST), every file skipped', async () => {
    const before = counting.requests.length;
    const again = await upload(counting.endpoint, { ...siteInputs, overwrite: 'if-changed' });
    expectCode(again, 0);
    expect(again.outputs).toMatchObject({
      'uploaded-count': '0',
      'skipped-count': String(SITE_KEYS.length),
      bytes: '0',
    });
    const during = counting.requests.slice(before);
    expect(writes(during)).toEqual([]);
    // One HeadObject per file, and nothing else.
    expect(during.map((r) => r.method)).toEqual(SITE_KEYS.map(() => 'HEAD'));
  });

  it('overwrite: if-changed after one file changed: only that file is sent', async () => {
    writeFileSync(join(work, 'site/index.html'), '<!doctype html><title>home v2</title>');
    try {
      const before = counting.requests.length;
      const again = await upload(counting.endpoint, { ...siteInputs, overwrite: 'if-changed' });
      expectCode(again, 0);
      const sent = writes(counting.requests.slice(before));
      expect(
        sent.map((r) => `${r.method} ${decodeURIComponent(new URL(r.path, 'http://x').pathname)}`),
      ).toEqual([`PUT /${bucket}/${prefix}index.html`]);
      expect(again.outputs).toMatchObject({
        'uploaded-count': '1',
        'skipped-count': String(SITE_KEYS.length - 1),
      });
      expect((await head(`${prefix}index.html`)).Metadata?.sha256).toBe(
        sha256('<!doctype html><title>home v2</title>'),
      );
    } finally {
      writeFileSync(join(work, 'site/index.html'), SITE['site/index.html']!);
    }
  });

  it('overwrite: false on existing keys: exit 7, and nothing is uploaded', async () => {
    const before = counting.requests.length;
    const refused = await upload(counting.endpoint, { ...siteInputs, overwrite: 'false' });
    expectCode(refused, 7);
    expect(refused.outputs).toMatchObject({ 'exit-code': '7', 'error-code': 'ObjectExists' });
    expect(refused.stdout).toMatch(/::error[^:]*::.*already exists? and `overwrite` is false/);
    const during = counting.requests.slice(before);
    expect(during.length).toBeGreaterThan(0);
    expect(writes(during)).toEqual([]);
  });

  it('dry-run: prints `(dryrun) upload:` lines and the summary, and sends nothing', async () => {
    const before = counting.requests.length;
    const dry = await upload(counting.endpoint, { ...siteInputs, 'key-prefix': 'dry/', 'dry-run': 'true' });
    expectCode(dry, 0);
    expect(counting.requests.length).toBe(before);
    const lines = dry.stdout.split('\n').filter((l) => l.includes('(dryrun) upload:'));
    expect(lines).toHaveLength(SITE_KEYS.length);
    expect(dry.stdout).toContain(`(dryrun) upload: docs/read me.txt to s3://${bucket}/dry/docs/read me.txt`);
    expect(dry.stdout).toContain(`(dryrun) upload: index.html to s3://${bucket}/dry/index.html`);
    expect(dry.outputs).toMatchObject({ 'dry-run': 'true', 'uploaded-count': String(SITE_KEYS.length) });
    expect(dry.summary).toContain('Dry run: nothing was uploaded');
    expect(dry.summary).toMatch(/^\+ dry\/index\.html {2}/m);
    expect(await keysUnder('dry/')).toEqual([]);
  });
});

describe('a 100 MiB file', () => {
  it('goes multipart from the first byte and round-trips byte-exact; its SHA-256 is in the manifest', async () => {
    const before = fault.requests.length;
    const result = await upload(fault.endpoint, { path: big.rel, 'key-prefix': 'large/' });
    expectCode(result, 0);
    const ops = fault.requests.slice(before).map((r) => r.operation);
    expect(ops.filter((o) => o === 'CreateMultipartUpload')).toHaveLength(1);
    expect(ops.filter((o) => o === 'UploadPart')).toHaveLength(Math.ceil(big.size / (8 * MIB)));
    expect(ops.filter((o) => o === 'CompleteMultipartUpload')).toHaveLength(1);
    expect(ops).not.toContain('PutObject');
    expect(result.outputs).toMatchObject({ 'uploaded-count': '1', bytes: String(big.size) });

    const h = await head('large/data.bin');
    expect(h.ContentLength).toBe(big.size);
    // Metadata goes with CreateMultipartUpload, before the file is hashed: only `if-changed` stores it.
    expect(h.Metadata?.sha256).toBeUndefined();
    expect(h.ContentType).toBe('application/octet-stream');
    expect(await objectSha256('large/data.bin')).toEqual({ sha256: big.sha256, bytes: big.size });
    expect(readUploadManifest(result).files).toEqual([
      {
        key: 'large/data.bin',
        size: big.size,
        sha256: big.sha256,
        etag: h.ETag,
        contentType: 'application/octet-stream',
        s3Uri: `s3://${bucket}/large/data.bin`,
      },
    ]);
    expect(await openUploads('large/')).toEqual([]);
  }, 60_000);

  it('overwrite: if-changed, run again: one HeadObject, nothing written (compared by the multipart ETag)', async () => {
    const before = fault.requests.length;
    const again = await upload(fault.endpoint, {
      path: big.rel,
      'key-prefix': 'large/',
      overwrite: 'if-changed',
    });
    expectCode(again, 0);
    expect(again.outputs).toMatchObject({ 'uploaded-count': '0', 'skipped-count': '1' });
    expect(fault.requests.slice(before).map((r) => r.operation)).toEqual(['HeadObject']);
  });

  it('overwrite: if-changed on a new key stores the SHA-256 in the metadata', async () => {
    const again = await upload(fault.endpoint, {
      path: big.rel,
      'key-prefix': 'large-ic/',
      overwrite: 'if-changed',
    });
    expectCode(again, 0);
    expect((await head('large-ic/data.bin')).Metadata?.sha256).toBe(big.sha256);
  }, 60_000);
});

describe('failures', () => {
  it('no files and if-no-files-found: error: exit 1, no request at all', async () => {
    const before = counting.requests.length;
    const result = await upload(counting.endpoint, { path: 'nothing/*.zip', 'if-no-files-found': 'error' });
    expectCode(result, 1);
    expect(result.outputs).toMatchObject({ 'exit-code': '1', 'error-code': 'NoFilesFound' });
    expect(result.stdout).toMatch(/::error[^:]*::.*No files were found for `path` \(.*nothing\/\*\.zip\)/);
    expect(counting.requests.length).toBe(before);
  });

  describe.each<[string, string, FaultRule['query']]>([
    ['the CompleteMultipartUpload POST', 'CompleteMultipartUpload', undefined],
    ['one UploadPart', 'UploadPart', { partNumber: '2' }],
  ])('a 500 answer to %s (max-attempts 1)', (_label, failing, query) => {
    const prefix = `fail-${failing}/`;
    let result: UploadRunResult;
    let seen: SeenRequest[];

    beforeAll(async () => {
      writeTree({ [`${prefix}small.txt`]: 'small one' });
      await writeRandomFile(join(work, `${prefix}big.bin`), 12 * MIB);
      fault.add({ operation: failing, query, fault: { kind: 'error', status: 500, code: 'InternalError' } });
      const before = fault.requests.length;
      try {
        result = await upload(fault.endpoint, {
          path: prefix,
          'key-prefix': prefix,
          'part-size-mb': '5',
          'max-attempts': '1',
        });
      } finally {
        fault.clear();
      }
      seen = fault.requests.slice(before);
    });

    it('exits 6 naming the file; the other file is uploaded', async () => {
      expectCode(result, 6);
      expect(result.outputs).toMatchObject({ 'error-code': 'PartialFailure', 'uploaded-count': '1' });
      expect(result.stdout).toMatch(/::error[^:]*::.*1 of 2 files failed: InternalError for big\.bin/);
      expect(result.summary).toMatch(/\| big\.bin \| \w+ \|/);
      expect(await exists(`${prefix}small.txt`)).toBe(true);
      expect(await exists(`${prefix}big.bin`)).toBe(false);
      expect(readUploadManifest(result).files.map((f) => f.key)).toEqual([`${prefix}small.txt`]);
    });

    it('aborts the multipart upload: ListMultipartUploads is empty', async () => {
      expect(seen.filter((r) => r.injected).map((r) => r.operation)).toEqual([failing]);
      const aborts = seen.filter((r) => r.operation === 'AbortMultipartUpload');
      expect(aborts.map((r) => r.status)).toEqual([204]);
      expect(await openUploads(prefix)).toEqual([]);
    });
  });
});

describe('symbolic links and keys', () => {
  // links/root/escape.txt → ../../outside-root/secret.txt: a link that leads out of the upload root.
  beforeAll(() => {
    writeTree({ 'links/root/index.html': '<p>inside</p>', 'outside-root/secret.txt': 'outside the root' });
    symlinkSync('../../outside-root/secret.txt', join(work, 'links/root/escape.txt'));
  });

  const noDotSegments = (keys: string[]) =>
    keys.filter((k) => k.startsWith('/') || k.split('/').some((s) => s === '..' || s === '.'));

  it('a link leading outside the root is refused: exit 1, no request, nothing uploaded', async () => {
    const before = counting.requests.length;
    const refused = await upload(counting.endpoint, { path: 'links/root', 'key-prefix': 'links/' });
    expectCode(refused, 1);
    expect(refused.outputs).toMatchObject({ 'exit-code': '1', 'error-code': 'InvalidInput' });
    expect(refused.stdout).toMatch(
      /::error[^:]*::Input `follow-symlinks`: .*escape\.txt leads to .*outside-root\/secret\.txt, outside the upload root/,
    );
    expect(refused.stdout).toContain('allow-outside-root: true');
    expect(counting.requests.length).toBe(before);
    expect(await keysUnder('links/')).toEqual([]);
  });

  it('allow-outside-root: true uploads it under the link’s own name, inside the prefix', async () => {
    const allowed = await upload(counting.endpoint, {
      path: 'links/root',
      'key-prefix': 'links/',
      'allow-outside-root': 'true',
    });
    expectCode(allowed, 0);
    const keys = await keysUnder('links/');
    expect(keys).toEqual(['links/escape.txt', 'links/index.html']);
    expect(noDotSegments(keys)).toEqual([]);
    expect(await objectSha256('links/escape.txt')).toEqual({
      sha256: sha256('outside the root'),
      bytes: 'outside the root'.length,
    });
  });

  it('paths that climb out of the working directory still give keys without `..` or a leading `/`', async () => {
    const result = await upload(
      counting.endpoint,
      {
        path: `../../outside-root/secret.txt\n${join(work, 'links/root/index.html')}`,
        'key-prefix': 'dots/',
      },
      { cwd: join(work, 'links/root') },
    );
    expectCode(result, 0);
    const keys = await keysUnder('dots/');
    expect(keys).toEqual(['dots/links/root/index.html', 'dots/outside-root/secret.txt']);
    expect(noDotSegments(keys)).toEqual([]);
    expect(readUploadManifest(result).files.map((f) => f.key)).toEqual(keys);
  });
});

describe('presigned URLs', () => {
  it('are in the urls output and the manifest, never in the log (even debug) or the summary; capped at the credentials’ lifetime', async () => {
    const result = await upload(
      moto.endpoint,
      {
        path: 'site/docs/ünïcödé\nsite/docs/read me.txt',
        'key-prefix': 'presigned/',
        'presign-expires': '604800',
      },
      {
        env: {
          RUNNER_DEBUG: '1',
          AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 3600_000).toISOString(),
        },
      },
    );
    expectCode(result, 0);
    const urls = JSON.parse(result.outputs.urls!) as Record<string, string>;
    expect(Object.keys(urls).sort()).toEqual(['presigned/read me.txt', 'presigned/ünïcödé/日本語.md']);
    const manifest = readUploadManifest(result);
    expect(Object.fromEntries(manifest.files.map((f) => [f.key, f.url]))).toEqual(urls);

    expect(result.stdout).toContain('[debug]');
    expect(result.stdout).toMatch(/::warning[^:]*::.*presign-expires 604800s outlives the credentials/);
    for (const url of Object.values(urls)) {
      const signature = new URL(url).searchParams.get('X-Amz-Signature')!;
      expect(signature).toMatch(/^[0-9a-f]{64}$/);
      const expires = Number(new URL(url).searchParams.get('X-Amz-Expires'));
      expect(expires).toBeGreaterThan(3000);
      expect(expires).toBeLessThanOrEqual(3600);
      for (const visible of [result.stdout, result.stderr, result.summary]) {
        expect(visible).not.toContain(url);
        expect(visible).not.toContain(signature);
      }
    }
    // And they work.
    const res = await fetch(urls['presigned/read me.txt']!);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(SITE['site/docs/read me.txt']);
  });
});

describe('cancellation', () => {
  it('SIGTERM during a slow multipart upload: exit 130, the upload aborted, the summary says what was uploaded', async () => {
    const prefix = 'cancel/';
    writeTree({ [`${prefix}a.txt`]: 'first small file', [`${prefix}b.txt`]: 'second small file' });
    await writeRandomFile(join(work, `${prefix}big.bin`), 20 * MIB);
    // Part 1 goes through; the other parts stall in the proxy as on a link slowed to a stop.
    fault.add({ operation: 'UploadPart', skip: 1, fault: { kind: 'hold' } });
    const before = fault.requests.length;
    const mine = (r: SeenRequest) => r.path.startsWith(`/${bucket}/${prefix}`);
    let result: UploadRunResult;
    try {
      result = await upload(
        fault.endpoint,
        { path: prefix, 'key-prefix': prefix, 'part-size-mb': '5' },
        {
          onSpawn: (child) => {
            void (async () => {
              await fault.waitFor(
                (r) => mine(r) && r.operation === 'PutObject' && r.path.includes('a.txt') && r.status === 200,
              );
              await fault.waitFor(
                (r) => mine(r) && r.operation === 'PutObject' && r.path.includes('b.txt') && r.status === 200,
              );
              await fault.waitFor((r) => mine(r) && r.operation === 'UploadPart' && r.held === true);
              // Let the child read the two PutObject answers before the signal.
              await new Promise((r) => setTimeout(r, 300));
              child.kill('SIGTERM');
            })().catch(() => child.kill('SIGKILL'));
          },
        },
      );
    } finally {
      fault.clear();
    }
    expectCode(result, 130);
    expect(result.stdout).toContain('Received SIGTERM');
    expect(result.outputs).toMatchObject({
      'exit-code': '130',
      'error-code': 'Cancelled',
      'uploaded-count': '2',
    });
    expect(result.stdout).toMatch(/::error[^:]*::.*Cancelled after uploading 2 of 3 files/);
    expect(result.summary).toMatch(/^### ⏹️ upload-artifact: /);
    expect(result.summary).toContain(`${prefix}a.txt`);
    expect(result.summary).toContain(`${prefix}b.txt`);
    expect(result.summary).toMatch(/: 2 files uploaded \(/);

    const during = fault.requests.slice(before);
    expect(during.filter((r) => r.operation === 'AbortMultipartUpload').map((r) => r.status)).toEqual([204]);
    expect(during.some((r) => r.operation === 'CompleteMultipartUpload')).toBe(false);
    expect(await openUploads(prefix)).toEqual([]);
    expect(await keysUnder(prefix)).toEqual([`${prefix}a.txt`, `${prefix}b.txt`]);
  });
});

// The operation names the proxies report are the ones this file asserts on.
it('names S3 object operations from the wire', () => {
  expect(objectOperation('POST', '/b/k?uploads')).toBe('CreateMultipartUpload');
  expect(objectOperation('PUT', '/b/k?partNumber=3&uploadId=u')).toBe('UploadPart');
  expect(objectOperation('POST', '/b/k?uploadId=u')).toBe('CompleteMultipartUpload');
  expect(objectOperation('DELETE', '/b/k?uploadId=u')).toBe('AbortMultipartUpload');
  expect(objectOperation('PUT', '/b/k')).toBe('PutObject');
  expect(objectOperation('HEAD', '/b/k')).toBe('HeadObject');
});
