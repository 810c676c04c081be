/**
 * `prune` end to end: the built bundle (dist/index.js) runs as the Actions runner runs it, with static
 * keys in the environment, against one moto_server behind the harness's counting proxy. Buckets are
 * seeded and read back with the SDK straight from moto, so the proxy counts only the bundle's requests.
 *
 * moto has no clock to move, and S3 keeps LastModified to the second, so ages are real: every bucket
 * gets an "old" batch, then the test waits past a whole second, takes that instant as the cutoff
 * (`older-than` as an ISO-8601 instant), waits again and seeds the "fresh" batch. Everything older
 * than the cutoff is old for the whole file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { TEST_CREDENTIALS } from './fixtures.js';
import { errorAnnotations, expectExit, startHarness, type Harness, type RunResult } from './harness.js';
import { s3Client, uniqueBucket } from './s3-support.js';

const REGION = 'us-east-1';
const OLD_COUNT = 1250;
const FRESH_COUNT = 1250;

let h: Harness;
let s3: S3Client;
let cutoff: string;
const MAIN = uniqueBucket('prune');
const VERSIONED = uniqueBucket('prune-ver');
const TRICKY = uniqueBucket('prune-keys');

/** Keys that URL encoding, XML and JSON each have a chance to get wrong. */
const TRICKY_OLD = [
  'build/a b.txt',
  'build/c+d.txt',
  'build/e%20f.txt',
  'build/100%.txt',
  'build/ünïcödé/ø.bin',
  'build/日本/報告.pdf',
  'build/',
  'build',
  'build-old/x.txt',
  'build-old/y z.txt',
];
const TRICKY_FRESH = ['build/fresh+new.txt'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function putAll(bucket: string, keys: string[]): Promise<void> {
  // A few at a time: moto_server is single-process.
  for (let i = 0; i < keys.length; i += 16)
    await Promise.all(
      keys
        .slice(i, i + 16)
        .map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `body of ${Key}` }))),
    );
}

const numbered = (stem: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${stem}${String(i).padStart(5, '0')}.bin`);

async function listAll(bucket: string): Promise<Array<{ key: string; etag: string; modified: string }>> {
  const out: Array<{ key: string; etag: string; modified: string }> = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? [])
      out.push({ key: o.Key!, etag: o.ETag!, modified: o.LastModified!.toISOString() });
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

async function listVersions(bucket: string): Promise<string[]> {
  const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return [
    ...(page.Versions ?? []).map((v) => `${v.Key}@${v.VersionId} ${v.ETag}${v.IsLatest ? ' latest' : ''}`),
    ...(page.DeleteMarkers ?? []).map((m) => `${m.Key}@${m.VersionId} marker${m.IsLatest ? ' latest' : ''}`),
  ].sort();
}

async function uploadsOf(bucket: string): Promise<string[]> {
  const page = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (page.Uploads ?? []).map((u) => u.Key!).sort();
}

/** The S3 operation of a path-style request the proxy saw. */
function operation(method: string, path: string): string {
  const q = new URL(path, 'http://proxy').searchParams;
  if (method === 'POST' && q.has('delete')) return 'DeleteObjects';
  if (method === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (method === 'GET' && q.get('list-type') === '2') return 'ListObjectsV2';
  if (method === 'GET' && q.has('versions')) return 'ListObjectVersions';
  if (method === 'GET' && q.has('uploads')) return 'ListMultipartUploads';
  if (method === 'GET' && q.has('versioning')) return 'GetBucketVersioning';
  return `${method} ${path}`;
}
const operations = (r: RunResult): string[] => r.requests.map((q) => operation(q.method, q.path));
const count = (r: RunResult, op: string): number => operations(r).filter((o) => o === op).length;

function prune(inputs: Record<string, string>): Promise<RunResult> {
  return h.run({
    inputs: { operation: 'prune', 'aws-region': REGION, 'endpoint-url': h.proxy.endpoint, ...inputs },
    credentials: TEST_CREDENTIALS,
    idToken: false,
  });
}

const manifestKeys = (r: RunResult): Array<{ key: string; versionId?: string; deleteMarker?: boolean }> =>
  JSON.parse(readFileSync(r.outputs['manifest-path']!, 'utf8'));

/** Version ids by key and kind, in seeding order. */
const versionIds: Record<string, string[]> = {};
async function put(bucket: string, Key: string, Body: string): Promise<void> {
  const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
  (versionIds[Key] ??= []).push(out.VersionId!);
}
async function remove(bucket: string, Key: string): Promise<void> {
  const out = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  (versionIds[Key] ??= []).push(`marker:${out.VersionId!}`);
}

async function startUpload(bucket: string, Key: string): Promise<void> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
  await s3.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, Body: 'part one' }));
}

beforeAll(async () => {
  h = await startHarness();
  s3 = s3Client(h.moto.endpoint, REGION);
  for (const Bucket of [MAIN, VERSIONED, TRICKY]) await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: VERSIONED, VersioningConfiguration: { Status: 'Enabled' } }),
  );

  // The old batch.
  await putAll(MAIN, [...numbered('builds/old-', OLD_COUNT), 'keep/old.bin', 'builds-old/old.bin']);
  // moto reports every upload as started in 2010: old whatever we do.
  await startUpload(MAIN, 'builds/stale-upload.bin');
  await startUpload(MAIN, 'keep/other-upload.bin');
  await put(VERSIONED, 'v/a', 'a version 1');
  await put(VERSIONED, 'v/b', 'b version 1');
  await put(VERSIONED, 'v/c', 'c version 1');
  await remove(VERSIONED, 'v/c');
  await put(VERSIONED, 'v/d', 'd version 1');
  await put(VERSIONED, 'other/x', 'outside the prefix');
  await putAll(TRICKY, TRICKY_OLD);

  // LastModified is kept to the second: the cutoff is the next whole second, and the fresh batch starts
  // a second after it, so old and fresh never share a second.
  const cut = Math.floor(Date.now() / 1000) * 1000 + 1000;
  cutoff = new Date(cut).toISOString();
  await sleep(cut + 1000 - Date.now());

  await putAll(MAIN, numbered('builds/fresh-', FRESH_COUNT));
  await put(VERSIONED, 'v/a', 'a version 2, fresh');
  await remove(VERSIONED, 'v/b');
  await put(VERSIONED, 'v/e', 'e version 1, fresh');
  await putAll(TRICKY, TRICKY_FRESH);
}, 90_000);

afterAll(async () => {
  s3?.destroy();
  await h?.stop();
});

describe('prune through dist/index.js against moto', () => {
  test('dry run (the default) lists what would go and leaves the bucket exactly as it was', async () => {
    const before = await listAll(MAIN);
    const uploadsBefore = await uploadsOf(MAIN);
    const r = await prune({ bucket: MAIN, prefix: 'builds/', 'older-than': cutoff, 'max-deletes': '5000' });
    expectExit(r, 0);

    expect(await listAll(MAIN)).toEqual(before);
    expect(await uploadsOf(MAIN)).toEqual(uploadsBefore);
    expect(r.requests.every((q) => q.method === 'GET')).toBe(true);
    expect(count(r, 'ListObjectsV2')).toBe(3);
    expect(r.outputs).toMatchObject({
      'dry-run': 'true',
      'exit-code': '0',
      'planned-count': String(OLD_COUNT),
      'deleted-count': '0',
      'deleted-bytes': '0',
      'kept-count': String(FRESH_COUNT),
    });
    expect(r.stdoutLines).toContainEqual(
      expect.stringMatching(/^\(dryrun\) delete: s3:\/\/atp-prune-[0-9a-f]+\/builds\/old-00000\.bin {2}\[/),
    );
    expect(r.stdoutLines.filter((l) => l.startsWith('(dryrun) delete: '))).toHaveLength(1000);
    expect(r.stdout).toContain(`… and ${OLD_COUNT - 1000} more would be deleted`);
    expect(r.stdout).toContain(`(dryrun) abort: s3://${MAIN}/builds/stale-upload.bin`);
    expect(manifestKeys(r).map((e) => e.key)).toEqual(numbered('builds/old-', OLD_COUNT));
    expect(r.summary).toContain('Dry run: nothing was deleted');
    expect(r.summary).toContain('builds/old-00049.bin');
    expect(r.summary).not.toContain('builds/old-00050.bin');
  });

  test('a plan over max-deletes deletes nothing and exits 7, naming the count and the fix', async () => {
    const before = await listAll(MAIN);
    const r = await prune({
      bucket: MAIN,
      prefix: 'builds/',
      'older-than': cutoff,
      'dry-run': 'false',
      'max-deletes': '1000',
    });
    expectExit(r, 7);
    expect(count(r, 'DeleteObjects')).toBe(0);
    expect(count(r, 'AbortMultipartUpload')).toBe(0);
    expect(await listAll(MAIN)).toEqual(before);
    expect(r.outputs).toMatchObject({
      'exit-code': '7',
      'error-code': 'MaxDeletesExceeded',
      'planned-count': '1250',
    });
    const [annotation] = errorAnnotations(r);
    expect(annotation).toContain('would delete 1,250 objects');
    expect(annotation).toContain('set `max-deletes: 1250` or more');
  });

  test('deletes the old batch in DeleteObjects calls of up to 1000 keys after one listing, and aborts the stale upload', async () => {
    const r = await prune({
      bucket: MAIN,
      prefix: 'builds/',
      'older-than': cutoff,
      'dry-run': 'false',
      'max-deletes': '2000',
    });
    expectExit(r, 0);

    const left = (await listAll(MAIN)).map((o) => o.key);
    expect(left).toEqual(['builds-old/old.bin', ...numbered('builds/fresh-', FRESH_COUNT), 'keep/old.bin']);
    expect(await uploadsOf(MAIN)).toEqual(['keep/other-upload.bin']);
    const deletes = r.requests.filter((q) => operation(q.method, q.path) === 'DeleteObjects');
    expect(deletes.map((q) => (q.body.match(/<Key>/g) ?? []).length)).toEqual([1000, 250]);
    expect(deletes.every((q) => q.body.includes('<Quiet>true</Quiet>'))).toBe(true);
    // Streaming with the selection held: one list request per 1000 keys listed, none to delete from.
    expect(count(r, 'ListObjectsV2')).toBe(Math.ceil((OLD_COUNT + FRESH_COUNT) / 1000));
    expect(count(r, 'AbortMultipartUpload')).toBe(1);
    expect(r.outputs).toMatchObject({
      'dry-run': 'false',
      'deleted-count': String(OLD_COUNT),
      'planned-count': String(OLD_COUNT),
      'kept-count': String(FRESH_COUNT),
    });
    expect(Number(r.outputs['deleted-bytes'])).toBe(
      numbered('builds/old-', OLD_COUNT).reduce((n, k) => n + `body of ${k}`.length, 0),
    );
    expect(manifestKeys(r)).toHaveLength(OLD_COUNT);
    expect(r.stdoutLines.filter((l) => l.startsWith('delete: s3://'))).toHaveLength(1000);
    expect(r.summary).toContain(`Deleted 1,250 objects`);
  });

  test('versions: all dry run leaves every version, marker and ETag as it was', async () => {
    const before = await listVersions(VERSIONED);
    const r = await prune({ bucket: VERSIONED, prefix: 'v/', 'older-than': cutoff, versions: 'all' });
    expectExit(r, 0);
    expect(await listVersions(VERSIONED)).toEqual(before);
    expect(r.outputs['planned-count']).toBe('6');
    expect(r.stdout).toContain(`(dryrun) delete: s3://${VERSIONED}/v/b (delete marker `);
  });

  test('versions: all removes old versions and markers, keeps fresh current versions', async () => {
    const r = await prune({
      bucket: VERSIONED,
      prefix: 'v/',
      'older-than': cutoff,
      versions: 'all',
      'dry-run': 'false',
    });
    expectExit(r, 0);
    const left = await listVersions(VERSIONED);
    expect(left.map((v) => v.split(' ')[0])).toEqual(
      [
        `other/x@${versionIds['other/x']![0]}`,
        `v/a@${versionIds['v/a']![1]}`,
        `v/e@${versionIds['v/e']![0]}`,
      ].sort(),
    );
    // v/a: its old noncurrent version; v/b: its old version and the fresh marker left with nothing behind it;
    // v/c: its old version and old marker; v/d: its old (current) version.
    const deleted = manifestKeys(r)
      .map((e) => `${e.key}@${e.versionId}${e.deleteMarker ? ' marker' : ''}`)
      .sort();
    const id = (key: string, i: number): string => versionIds[key]![i]!.replace(/^marker:/, '');
    expect(deleted).toEqual(
      [
        `v/a@${id('v/a', 0)}`,
        `v/b@${id('v/b', 0)}`,
        `v/b@${id('v/b', 1)} marker`,
        `v/c@${id('v/c', 0)}`,
        `v/c@${id('v/c', 1)} marker`,
        `v/d@${id('v/d', 0)}`,
      ].sort(),
    );
    const body = r.requests.find((q) => operation(q.method, q.path) === 'DeleteObjects')!.body;
    expect(body).toContain(`<VersionId>${id('v/b', 1)}</VersionId>`);
    expect(r.outputs['deleted-count']).toBe('6');
  });

  test('tricky keys: a prefix without `/` warns about build-old/; with `/` only the folder goes, the prefix key included', async () => {
    const loose = await prune({ bucket: TRICKY, prefix: 'build', 'older-than': cutoff });
    expectExit(loose, 0);
    expect(loose.stdout).toMatch(/^::warning[ :]/m);
    expect(loose.stdout).toContain('`build-old/x.txt`');
    expect(loose.stdout).toContain('set `prefix: build/`');
    expect(
      manifestKeys(loose)
        .map((e) => e.key)
        .sort(),
    ).toEqual([...TRICKY_OLD].sort());
    for (const key of [
      'build/a b.txt',
      'build/c+d.txt',
      'build/e%20f.txt',
      'build/100%.txt',
      'build/ünïcödé/ø.bin',
    ])
      expect(loose.stdoutLines).toContainEqual(
        expect.stringContaining(`(dryrun) delete: s3://${TRICKY}/${key}  [`),
      );

    const r = await prune({ bucket: TRICKY, prefix: 'build/', 'older-than': cutoff, 'dry-run': 'false' });
    expectExit(r, 0);
    expect(r.stdout).not.toMatch(/^::warning[ :]/m);
    expect((await listAll(TRICKY)).map((o) => o.key).sort()).toEqual(
      ['build', 'build-old/x.txt', 'build-old/y z.txt', ...TRICKY_FRESH].sort(),
    );
    expect(
      manifestKeys(r)
        .map((e) => e.key)
        .sort(),
    ).toEqual(TRICKY_OLD.filter((k) => k.startsWith('build/')).sort());
  });
});
