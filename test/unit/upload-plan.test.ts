/**
 * `upload-artifact` planning against a mocked S3: the three `overwrite` modes (HeadObject answers 404,
 * or an object with the same or a different SHA-256, content type, Cache-Control or metadata), and the
 * part size that grows so no file needs more than 10,000 parts.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { TaskError } from '../../src/errors.js';
import { planUpload } from '../../src/operations/upload-artifact/plan.js';
import { MAX_PARTS, partSizeFor } from '../../src/transfer/uploader.js';
import { runTask } from '../../src/run-task.js';
import { isolateAwsEnv, setAmbientKeys } from './helpers.js';
import {
  notFound,
  s3Error,
  tempTree,
  testLogger,
  thrown,
  uploadHost,
  uploadSettings,
  type TempTree,
} from './upload-support.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const s3mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });

const FILES = {
  'out/index.html': '<!doctype html><title>x</title>',
  'out/app.js': 'console.log("hello")',
  'out/data/report.json': '{"ok":true}',
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let tree: TempTree;
let restoreEnv: () => void;

beforeEach(() => {
  s3mock.reset();
  tree = tempTree(FILES);
  restoreEnv = isolateAwsEnv();
  setAmbientKeys();
});

afterEach(() => {
  tree.remove();
  restoreEnv();
});

afterAll(() => {
  s3mock.restore();
  s3.destroy();
});

const plan = (inputs: Record<string, string> = {}) =>
  planUpload(
    uploadSettings({ bucket: 'my-bucket', path: tree.path('out'), ...inputs }),
    s3,
    testLogger().logger,
    new AbortController().signal,
  );

/** What HeadObject returns for a file uploaded earlier by this action with these settings. */
function stored(
  rel: keyof typeof FILES,
  extra: Partial<HeadObjectCommandOutput> = {},
): HeadObjectCommandOutput {
  const body = FILES[rel];
  const name = rel.split('/').pop()!;
  const type = name.endsWith('.html')
    ? 'text/html; charset=utf-8'
    : name.endsWith('.js')
      ? 'text/javascript; charset=utf-8'
      : 'application/json; charset=utf-8';
  return {
    $metadata: { httpStatusCode: 200 },
    ContentLength: Buffer.byteLength(body),
    ContentType: type,
    ETag: '"etag"',
    Metadata: { sha256: sha256(body) },
    ...extra,
  };
}

describe('overwrite: true (the default)', () => {
  it('asks S3 nothing and uploads every file', async () => {
    const p = await plan();
    expect(s3mock.calls()).toHaveLength(0);
    expect(p.requestCount).toBe(0);
    expect(p.files.map((f) => [f.key, f.action])).toEqual([
      ['app.js', 'upload'],
      ['data/report.json', 'upload'],
      ['index.html', 'upload'],
    ]);
  });
});

describe('overwrite: false', () => {
  it('every key missing (404): everything is uploaded', async () => {
    s3mock.on(HeadObjectCommand).rejects(notFound());
    const p = await plan({ overwrite: 'false', 'key-prefix': 'v1/' });
    expect(p.files.every((f) => f.action === 'upload' && f.reason === 'new')).toBe(true);
    expect(p.requestCount).toBe(3);
    expect(
      s3mock
        .commandCalls(HeadObjectCommand)
        .map((c) => c.args[0].input)
        .sort((a, b) => a.Key!.localeCompare(b.Key!)),
    ).toEqual([
      { Bucket: 'my-bucket', Key: 'v1/app.js' },
      { Bucket: 'my-bucket', Key: 'v1/data/report.json' },
      { Bucket: 'my-bucket', Key: 'v1/index.html' },
    ]);
  });

  it('one existing key: refused (exit 7) naming the key, whatever its content', async () => {
    s3mock.on(HeadObjectCommand).rejects(notFound());
    s3mock.on(HeadObjectCommand, { Key: 'data/report.json' }).resolves(stored('out/data/report.json'));
    // The plan carries the refusal, so the summary can still show what would have been uploaded.
    const err = (await plan({ overwrite: 'false' })).refusal!;
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).kind).toBe('refused');
    expect((err as TaskError).exitCode).toBe(7);
    expect((err as TaskError).errorCode).toBe('ObjectExists');
    expect(err.message).toContain('data/report.json');
    expect(err.message).toContain('nothing was uploaded');
  });

  it('through a whole run: exit 7 and not one byte uploaded', async () => {
    s3mock.on(HeadObjectCommand).rejects(notFound());
    s3mock.on(HeadObjectCommand, { Key: 'index.html' }).resolves(stored('out/index.html'));
    const host = uploadHost({ path: tree.path('out'), overwrite: 'false' }, { tempDir: tree.dir });
    expect(await runTask(host)).toBe(7);
    expect(s3mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3mock.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(host.outputs).toMatchObject({ 'exit-code': '7', 'error-code': 'ObjectExists' });
    expect(host.errors.join('\n')).toContain('index.html');
    expect(host.summary).toMatch(
      /^### ⛔ upload-artifact: Refused: 1 key already exists and `overwrite` is false/,
    );
    expect(host.summary).toContain('  index.html');
  });

  it('the uploads themselves still refuse to replace a key created meanwhile (If-None-Match: *)', async () => {
    s3mock.on(HeadObjectCommand).rejects(notFound());
    s3mock.on(PutObjectCommand).resolves({ ETag: '"e"' });
    const host = uploadHost({ path: tree.path('out'), overwrite: 'false' }, { tempDir: tree.dir });
    expect(await runTask(host)).toBe(0);
    const puts = s3mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(3);
    for (const put of puts) expect(put.IfNoneMatch).toBe('*');
  });
});

describe('overwrite: if-changed', () => {
  const base = { overwrite: 'if-changed', metadata: 'build=42', 'cache-control': '**/*.html: no-cache' };
  const same = (rel: keyof typeof FILES): HeadObjectCommandOutput =>
    stored(rel, {
      Metadata: { sha256: sha256(FILES[rel]), build: '42' },
      CacheControl: rel.endsWith('.html') ? 'no-cache' : undefined,
    });

  beforeEach(() => {
    for (const rel of Object.keys(FILES) as Array<keyof typeof FILES>)
      s3mock.on(HeadObjectCommand, { Key: rel.slice('out/'.length) }).resolves(same(rel));
  });

  it('everything already there with the same size, SHA-256, type, Cache-Control and metadata: all skipped', async () => {
    const p = await plan(base);
    expect(p.files.map((f) => [f.key, f.action])).toEqual([
      ['app.js', 'skip'],
      ['data/report.json', 'skip'],
      ['index.html', 'skip'],
    ]);
    expect(p.files[0]!.reason).toMatch(/unchanged/);
    expect(p.files[0]!.sha256).toBe(sha256(FILES['out/app.js']));
  });

  it.each<[string, Partial<HeadObjectCommandOutput>, RegExp]>([
    ['missing (404)', {}, /^new$/],
    ['a different size', { ContentLength: 1 }, /^size 1 → 20$/],
    ['a different SHA-256', { Metadata: { sha256: sha256('other'), build: '42' } }, /content changed/],
    ['no SHA-256 recorded', { Metadata: { build: '42' } }, /no sha256/],
    [
      'a different content type',
      { ContentType: 'text/plain' },
      /content type text\/plain → text\/javascript/,
    ],
    [
      'a Cache-Control the rules no longer give',
      { CacheControl: 'max-age=60' },
      /cache-control max-age=60 → none/,
    ],
    [
      'different metadata',
      { Metadata: { sha256: sha256(FILES['out/app.js']), build: '41' } },
      /metadata build/,
    ],
    [
      'extra metadata',
      { Metadata: { sha256: sha256(FILES['out/app.js']), build: '42', old: 'x' } },
      /metadata old/,
    ],
    ['missing metadata', { Metadata: { sha256: sha256(FILES['out/app.js']) } }, /metadata build/],
  ])('app.js stored with %s is uploaded, the others skipped', async (label, change, reason) => {
    if (label.startsWith('missing (404)'))
      s3mock.on(HeadObjectCommand, { Key: 'app.js' }).rejects(notFound());
    else s3mock.on(HeadObjectCommand, { Key: 'app.js' }).resolves({ ...same('out/app.js'), ...change });
    const p = await plan(base);
    const app = p.files.find((f) => f.key === 'app.js')!;
    expect(app.action).toBe('upload');
    expect(app.reason).toMatch(reason);
    expect(p.files.filter((f) => f.key !== 'app.js').every((f) => f.action === 'skip')).toBe(true);
  });

  describe('a multipart object stored without a sha256 entry (uploaded without if-changed)', () => {
    // 11 MiB in parts of 5 MiB: three parts, as the uploader would cut it.
    const big = Buffer.alloc(11 * MIB, 7);
    const md5 = (b: Buffer) => createHash('md5').update(b).digest();
    const etag = `"${createHash('md5')
      .update(Buffer.concat([0, 1, 2].map((i) => md5(big.subarray(i * 5 * MIB, (i + 1) * 5 * MIB)))))
      .digest('hex')}-3"`;
    beforeEach(() => tree.add({ 'out/big.bin': big }));
    const head = (extra: Partial<HeadObjectCommandOutput>) =>
      s3mock.on(HeadObjectCommand, { Key: 'big.bin' }).resolves({
        ContentLength: big.length,
        ContentType: 'application/octet-stream',
        Metadata: { build: '42' },
        ...extra,
      });

    it('the same multipart ETag (MD5 of the parts’ MD5s) counts as unchanged', async () => {
      head({ ETag: etag });
      const p = await plan({ ...base, 'part-size-mb': '5' });
      const f = p.files.find((x) => x.key === 'big.bin')!;
      expect([f.action, f.reason]).toEqual(['skip', 'unchanged (same size, multipart ETag and headers)']);
    });

    it.each([
      ['another ETag', { ETag: '"0123456789abcdef0123456789abcdef-3"' }],
      ['another part count (another part size)', { ETag: etag.replace('-3', '-2') }],
      ['a non-MD5 ETag (SSE-KMS)', { ETag: '"kms-etag"' }],
    ])('%s: uploaded again (it then gets the entry)', async (_label, extra) => {
      head(extra);
      const p = await plan({ ...base, 'part-size-mb': '5' });
      const f = p.files.find((x) => x.key === 'big.bin')!;
      expect([f.action, f.reason]).toEqual(['upload', 'no sha256 recorded']);
    });
  });

  it('a different Cache-Control on the HTML file is a change too', async () => {
    s3mock
      .on(HeadObjectCommand, { Key: 'index.html' })
      .resolves({ ...same('out/index.html'), CacheControl: 'max-age=5' });
    const p = await plan(base);
    expect(p.files.find((f) => f.key === 'index.html')!.reason).toBe('cache-control max-age=5 → no-cache');
  });

  it('metadata keys compare case-insensitively, as S3 stores them lower-cased', async () => {
    const p = await plan({ ...base, metadata: 'Build=42' });
    expect(p.files.every((f) => f.action === 'skip')).toBe(true);
  });

  it('through a whole run: only the changed file is sent; the counts are outputs', async () => {
    s3mock.on(HeadObjectCommand, { Key: 'data/report.json' }).resolves({
      ...same('out/data/report.json'),
      Metadata: { sha256: sha256('old content'), build: '42' },
    });
    s3mock.on(PutObjectCommand).resolves({ ETag: '"new"' });
    const host = uploadHost({ path: tree.path('out'), ...base }, { tempDir: tree.dir });
    expect(await runTask(host)).toBe(0);
    const puts = s3mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key)).toEqual(['data/report.json']);
    expect(puts[0]!.Metadata).toEqual({ build: '42', sha256: sha256(FILES['out/data/report.json']) });
    expect(host.outputs).toMatchObject({ 'uploaded-count': '1', 'skipped-count': '2', 'exit-code': '0' });
  });

  it('HeadObject denied: exit 4 before anything is uploaded', async () => {
    s3mock.on(HeadObjectCommand).rejects(s3Error('AccessDenied', 403));
    const err = await thrown(() => plan(base));
    expect((err as TaskError).kind).toBe('accessDenied');
    expect(err.message).toContain('HeadObject s3://my-bucket/');
  });

  it('HeadObject failing otherwise is an AWS error (not "missing")', async () => {
    s3mock.on(HeadObjectCommand).rejects(s3Error('InternalError', 500));
    const err = await thrown(() => plan(base));
    expect((err as TaskError).kind).toBe('awsApi');
  });
});

describe('partSizeFor', () => {
  it('keeps the configured size while 10,000 parts are enough', () => {
    expect(partSizeFor(1, 8 * MIB)).toBe(8 * MIB);
    expect(partSizeFor(10 * GIB, 8 * MIB)).toBe(8 * MIB);
    expect(partSizeFor(MAX_PARTS * 8 * MIB, 8 * MIB)).toBe(8 * MIB);
  });

  it('grows by whole MiB one byte past the limit', () => {
    expect(partSizeFor(MAX_PARTS * 8 * MIB + 1, 8 * MIB)).toBe(9 * MIB);
  });

  it.each([
    ['100 GiB', 100 * GIB],
    ['1 TiB + 1 byte', 1024 * GIB + 1],
    ['5 TiB (the S3 maximum)', 5 * 1024 * GIB],
    ['an odd size', 123_456_789_012],
  ])('%s with 8 MiB parts: at most 10,000 whole-MiB parts', (_label, size) => {
    const part = partSizeFor(size, 8 * MIB);
    expect(part % MIB).toBe(0);
    expect(part).toBeGreaterThanOrEqual(8 * MIB);
    expect(Math.ceil(size / part)).toBeLessThanOrEqual(MAX_PARTS);
    // And not needlessly large: one MiB less would need more than 10,000 parts (or fall below 8 MiB).
    if (part > 8 * MIB) expect(Math.ceil(size / (part - MIB))).toBeGreaterThan(MAX_PARTS);
  });

  it('100 GiB: 11 MiB parts, 9,310 of them', () => {
    const part = partSizeFor(100 * GIB, 8 * MIB);
    expect(part).toBe(11 * MIB);
    expect(Math.ceil((100 * GIB) / part)).toBe(9310);
  });

  it('a larger configured size is kept', () => {
    expect(partSizeFor(100 * GIB, 64 * MIB)).toBe(64 * MIB);
  });

  it('part-size-mb is read in MiB and bounded 5–5120', () => {
    expect(uploadSettings({ bucket: 'my-bucket', path: '/x' }).partSizeBytes).toBe(8 * MIB);
    expect(uploadSettings({ bucket: 'my-bucket', path: '/x', 'part-size-mb': '16' }).partSizeBytes).toBe(
      16 * MIB,
    );
    for (const bad of ['4', '5121', '8.5', 'eight'])
      expect(() => uploadSettings({ bucket: 'my-bucket', path: '/x', 'part-size-mb': bad })).toThrow(
        expect.objectContaining({ input: 'part-size-mb' }),
      );
  });
});
