/**
 * `upload-artifact` transfers against a mocked S3: multipart uploads (positional reads, checksums, and an
 * abort on any failure so no parts are orphaned), partial failures (exit 6, every failed file named,
 * the manifest listing only what was uploaded), cancellation, the manifest, URLs that never reach the
 * log, and dry-run.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type UploadPartCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3Uploader } from '../../src/transfer/s3-uploader.js';
import type { UploadRequest } from '../../src/transfer/uploader.js';
import { presignAll } from '../../src/operations/upload-artifact/manifest.js';
import { runTask } from '../../src/run-task.js';
import { githubEnv } from './fake-host.js';
import { isolateAwsEnv, setAmbientKeys } from './helpers.js';
import {
  notFound,
  readManifest,
  s3Error,
  tempTree,
  testLogger,
  thrown,
  uploadHost,
  type TempTree,
} from './upload-support.js';

const MIB = 1024 * 1024;
const s3mock = mockClient(S3Client);

/** A CRC32 as S3 takes it: the four big-endian bytes, base64. */
function crc32Base64(body: Uint8Array): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(body));
  return value.toString('base64');
}
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tree: TempTree;
let restoreEnv: () => void;

beforeEach(() => {
  s3mock.reset();
  tree = tempTree();
  restoreEnv = isolateAwsEnv();
  setAmbientKeys();
});

afterEach(() => {
  tree.remove();
  restoreEnv();
});

afterAll(() => s3mock.restore());

/** The mocked S3 accepting every multipart step; UploadPart answers with an ETag naming the part. */
function acceptMultipart(uploadId = 'upload-1'): void {
  s3mock.on(CreateMultipartUploadCommand).resolves({ UploadId: uploadId });
  s3mock
    .on(UploadPartCommand)
    .callsFake(async (input: UploadPartCommandInput) => ({ ETag: `"part-${input.PartNumber}"` }));
  s3mock.on(CompleteMultipartUploadCommand).resolves({ ETag: '"multipart-etag-3"' });
  s3mock.on(AbortMultipartUploadCommand).resolves({});
}

describe('S3Uploader, multipart', () => {
  let s3: S3Client;
  let data: Buffer;
  let path: string;
  let abortFailures: Array<[string, string]>;

  beforeEach(() => {
    s3 = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
    // Three parts of 5 MiB: the last one short.
    data = randomBytes(10 * MIB + 1234);
    tree.add({ 'big.bin': data });
    path = tree.path('big.bin');
    abortFailures = [];
  });
  afterEach(() => s3.destroy());

  interface Tuning {
    checksums?: boolean;
    partConcurrency?: number;
    memoryBudgetBytes?: number;
    signal?: AbortSignal;
    onBytes?: (n: number) => void;
  }
  const uploaderWith = (o: Tuning = {}) =>
    new S3Uploader(
      { s3 },
      { bucket: 'my-bucket', checksums: o.checksums ?? true, ifNoneMatch: false },
      {
        partSizeBytes: 5 * MIB,
        partConcurrency: o.partConcurrency ?? 4,
        memoryBudgetBytes: o.memoryBudgetBytes ?? 256 * MIB,
      },
      {
        signal: o.signal ?? new AbortController().signal,
        onBytes: o.onBytes,
        onAbortFailed: (key, uploadId) => abortFailures.push([key, uploadId]),
      },
    );
  /** One file through a fresh uploader, closed afterwards. */
  const put = async (size: number, key: string, o: Tuning = {}, request: Partial<UploadRequest> = {}) => {
    const uploader = uploaderWith(o);
    try {
      return await uploader.upload({ path, size, key, headers, recordSha256: false, ...request });
    } finally {
      await uploader.close();
    }
  };
  const headers = { contentType: 'application/octet-stream', metadata: { build: '7' } };

  it('sends the file byte-exact in whole parts with CRC32 checksums (AWS), then completes with them', async () => {
    acceptMultipart();
    let bytes = 0;
    const out = await put(data.length, 'k/big.bin', { onBytes: (n) => (bytes += n) });
    expect(out).toEqual({ etag: '"multipart-etag-3"', parts: 3, sha256: sha256(data), retried: false });
    expect(bytes).toBe(data.length);
    const parts = s3mock
      .commandCalls(UploadPartCommand)
      .map((c) => c.args[0].input)
      .sort((a, b) => a.PartNumber! - b.PartNumber!);
    expect(parts.map((p) => [p.PartNumber, p.ContentLength, p.UploadId])).toEqual([
      [1, 5 * MIB, 'upload-1'],
      [2, 5 * MIB, 'upload-1'],
      [3, 1234, 'upload-1'],
    ]);
    const bodies = parts.map((p) => p.Body as Buffer);
    expect(Buffer.concat(bodies).equals(data)).toBe(true);
    // No SHA-256 per part: the file's SHA-256 (on the worker) is the only SHA-256 pass.
    for (const p of parts) {
      expect(p.ChecksumCRC32).toBe(crc32Base64(p.Body as Buffer));
      expect(p.ChecksumSHA256).toBeUndefined();
    }
    const create = s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ Bucket: 'my-bucket', Key: 'k/big.bin', ChecksumAlgorithm: 'CRC32' });
    const complete = s3mock.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input;
    expect(complete.MultipartUpload!.Parts!.map((p) => [p.PartNumber, p.ETag, p.ChecksumCRC32])).toEqual(
      parts.map((p) => [p.PartNumber, `"part-${p.PartNumber}"`, crc32Base64(p.Body as Buffer)]),
    );
    expect(s3mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('sends the first part without a hashing pass; the SHA-256 is folded in order even when parts finish out of order', async () => {
    s3mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3mock.on(UploadPartCommand).callsFake(async (input: UploadPartCommandInput) => {
      // The first part settles last.
      await delay(input.PartNumber === 1 ? 60 : 5);
      return { ETag: `"part-${input.PartNumber}"` };
    });
    s3mock.on(CompleteMultipartUploadCommand).resolves({ ETag: '"e"' });
    const out = await put(data.length, 'k/big.bin');
    expect(out.sha256).toBe(sha256(data));
    // Not known before CreateMultipartUpload, so not stored: the manifest carries it.
    const create = s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
    expect(create.Metadata).toEqual({ build: '7' });
  });

  it('recordSha256: one pass hashes the file and seals its parts; the SHA-256 goes in the metadata, the seals become the checksums', async () => {
    acceptMultipart();
    const out = await put(data.length, 'k/big.bin', {}, { recordSha256: true });
    expect(out.sha256).toBe(sha256(data));
    const create = s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
    expect(create.Metadata).toEqual({ build: '7', sha256: sha256(data) });
    for (const c of s3mock.commandCalls(UploadPartCommand)) {
      const p = c.args[0].input;
      expect(p.ChecksumCRC32).toBe(crc32Base64(p.Body as Buffer));
    }
  });

  it('recordSha256: a file changed after the hashing pass is sent with the seals of what was hashed, so S3 refuses it', async () => {
    acceptMultipart();
    const seen: Array<{ part?: number; checksum?: string; body: Buffer }> = [];
    s3mock.on(UploadPartCommand).callsFake(async (input: UploadPartCommandInput) => {
      seen.push({
        part: input.PartNumber,
        checksum: input.ChecksumCRC32,
        body: Buffer.from(input.Body as Buffer),
      });
      return { ETag: `"part-${input.PartNumber}"` };
    });
    const uploader = uploaderWith({});
    // Change the first byte once the hashing pass has read it: CreateMultipartUpload comes after it.
    s3mock.on(CreateMultipartUploadCommand).callsFake(async () => {
      const changed = Buffer.from(data);
      changed[0] = changed[0]! ^ 0xff;
      writeFileSync(path, changed);
      return { UploadId: 'upload-1' };
    });
    try {
      await uploader.upload({ path, size: data.length, key: 'k', headers, recordSha256: true });
    } finally {
      writeFileSync(path, data);
      await uploader.close();
    }
    // Part 1 went out with the changed first byte (parts go in parallel: found by number, not order).
    const first = seen.find((p) => p.part === 1)!;
    expect(first.body[0]).not.toBe(data[0]);
    // The checksum is that of the bytes hashed, not of the bytes sent: S3 answers BadDigest.
    expect(first.checksum).toBe(crc32Base64(data.subarray(0, 5 * MIB)));
    expect(first.checksum).not.toBe(crc32Base64(first.body));
  });

  it('recordSha256 with the SHA-256 already known (if-changed hashed it): stored as given, no second pass', async () => {
    acceptMultipart();
    const out = await put(data.length, 'k', {}, { recordSha256: true, sha256: 'f'.repeat(64) });
    expect(out.sha256).toBe('f'.repeat(64));
    expect(s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input.Metadata).toEqual({
      build: '7',
      sha256: 'f'.repeat(64),
    });
  });

  it('the memory budget bounds the parts in flight across files: 10 MiB of 5 MiB parts is two at once', async () => {
    s3mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u' });
    let inFlight = 0;
    let most = 0;
    s3mock.on(UploadPartCommand).callsFake(async (input: UploadPartCommandInput) => {
      most = Math.max(most, ++inFlight);
      await delay(10);
      inFlight--;
      return { ETag: `"p${input.PartNumber}"` };
    });
    s3mock.on(CompleteMultipartUploadCommand).resolves({ ETag: '"e"' });
    const uploader = uploaderWith({ partConcurrency: 8, memoryBudgetBytes: 10 * MIB });
    try {
      const request = { path, size: data.length, headers, recordSha256: false };
      const both = await Promise.all([
        uploader.upload({ ...request, key: 'a' }),
        uploader.upload({ ...request, key: 'b' }),
      ]);
      expect(both.map((r) => r.sha256)).toEqual([sha256(data), sha256(data)]);
      expect(most).toBe(2);
      expect(uploader.bufferUse.peak).toBeLessThanOrEqual(10 * MIB);
    } finally {
      await uploader.close();
    }
  });

  it('a file starts with as many parts in flight as the budget holds, capped by partConcurrency', async () => {
    const most = async (partConcurrency: number, memoryBudgetBytes: number): Promise<number> => {
      s3mock.reset();
      s3mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u' });
      let inFlight = 0;
      let peak = 0;
      s3mock.on(UploadPartCommand).callsFake(async (input: UploadPartCommandInput) => {
        peak = Math.max(peak, ++inFlight);
        await delay(20);
        inFlight--;
        return { ETag: `"p${input.PartNumber}"` };
      });
      s3mock.on(CompleteMultipartUploadCommand).resolves({ ETag: '"e"' });
      await put(data.length, 'k', { partConcurrency, memoryBudgetBytes });
      return peak;
    };
    // 3 parts of 5 MiB: all three at once when the budget holds them, from the first part on.
    expect(await most(32, 256 * MIB)).toBe(3);
    expect(await most(2, 256 * MIB)).toBe(2);
    expect(await most(32, 10 * MIB)).toBe(2);
  });

  it('a budget smaller than one part still uploads, one part at a time', async () => {
    acceptMultipart();
    const out = await put(data.length, 'k', { memoryBudgetBytes: MIB });
    expect(out.parts).toBe(3);
  });

  it('without checksums (S3-compatible endpoints) no checksum is sent; each part is signed by its SHA-256', async () => {
    acceptMultipart();
    await put(data.length, 'k', { checksums: false });
    expect(
      s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input.ChecksumAlgorithm,
    ).toBeUndefined();
    for (const c of s3mock.commandCalls(UploadPartCommand)) {
      expect(c.args[0].input.ChecksumSHA256).toBeUndefined();
      expect(c.args[0].input.ChecksumCRC32).toBeUndefined();
    }
  });

  it('one part failing: the upload is aborted, not completed, and the error surfaces', async () => {
    acceptMultipart();
    const failure = s3Error('InternalError', 500);
    s3mock.on(UploadPartCommand, { PartNumber: 2 }).rejects(failure);
    const err = await thrown(() => put(data.length, 'k/big.bin'));
    expect(err).toBe(failure);
    expect(s3mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    const aborts = s3mock.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input);
    expect(aborts).toEqual([{ Bucket: 'my-bucket', Key: 'k/big.bin', UploadId: 'upload-1' }]);
    expect(abortFailures).toEqual([]);
  });

  it('the abort waits for the parts still in flight, so none lands after it', async () => {
    const events: string[] = [];
    s3mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u' });
    s3mock.on(UploadPartCommand).callsFake(async (input: UploadPartCommandInput) => {
      if (input.PartNumber === 2) {
        events.push('part 2 failed');
        throw s3Error('InternalError', 500);
      }
      await delay(50);
      events.push(`part ${input.PartNumber} settled`);
      return { ETag: `"p${input.PartNumber}"` };
    });
    s3mock.on(AbortMultipartUploadCommand).callsFake(async () => {
      events.push('abort');
      return {};
    });
    await thrown(() => put(data.length, 'k', { partConcurrency: 3 }));
    expect(events.at(-1)).toBe('abort');
    expect(events.filter((e) => e === 'abort')).toHaveLength(1);
    expect(events).toContain('part 1 settled');
    expect(events).toContain('part 3 settled');
  });

  it('with one part in flight at a time, no part after the failed one is sent', async () => {
    acceptMultipart();
    s3mock.on(UploadPartCommand, { PartNumber: 2 }).rejects(s3Error('InternalError', 500));
    await thrown(() => put(data.length, 'k', { partConcurrency: 1 }));
    expect(s3mock.commandCalls(UploadPartCommand).map((c) => c.args[0].input.PartNumber)).toEqual([1, 2]);
    expect(s3mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
  });

  it('CompleteMultipartUpload failing: the upload is aborted and the error surfaces', async () => {
    acceptMultipart();
    const failure = s3Error('InvalidPart', 400);
    s3mock.on(CompleteMultipartUploadCommand).rejects(failure);
    expect(await thrown(() => put(data.length, 'k'))).toBe(failure);
    expect(s3mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
  });

  it('an abort that fails is reported, and the original error still surfaces', async () => {
    acceptMultipart('u-9');
    const failure = s3Error('InternalError', 500);
    s3mock.on(UploadPartCommand, { PartNumber: 3 }).rejects(failure);
    s3mock.on(AbortMultipartUploadCommand).rejects(s3Error('AccessDenied', 403));
    expect(await thrown(() => put(data.length, 'k'))).toBe(failure);
    expect(abortFailures).toEqual([['k', 'u-9']]);
  });

  it('cancelled mid-upload: the abort still goes out (not under the cancelled signal)', async () => {
    acceptMultipart();
    const job = new AbortController();
    s3mock.on(UploadPartCommand, { PartNumber: 2 }).callsFake(async () => {
      job.abort();
      throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    });
    await thrown(() => put(data.length, 'k', { signal: job.signal }));
    const aborts = s3mock.commandCalls(AbortMultipartUploadCommand);
    expect(aborts).toHaveLength(1);
    const sendOptions = (aborts[0]!.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined;
    expect(sendOptions?.abortSignal?.aborted ?? false).toBe(false);
    expect(s3mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('a file that shrank while being read is an error, and the upload is aborted', async () => {
    acceptMultipart();
    const err = await thrown(() => put(data.length + 5 * MIB, 'k'));
    expect(err.message).toContain('changed while it was being uploaded');
    expect(s3mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});

describe('whole runs', () => {
  const SMALL = {
    'out/a.txt': 'alpha',
    'out/b.txt': 'bravo!',
    'out/c.txt': 'charlie',
    'out/d.txt': 'delta delta',
  };
  const run = async (
    inputs: Record<string, string | undefined>,
    options: { signal?: AbortSignal; debug?: boolean; env?: Record<string, string | undefined> } = {},
  ) => {
    const host = uploadHost({ path: tree.path('out'), ...inputs }, { tempDir: tree.dir, ...options });
    const code = await runTask(host, { signal: options.signal });
    return { code, host };
  };

  describe('partial failure', () => {
    beforeEach(() => {
      tree.add(SMALL);
      s3mock
        .on(PutObjectCommand)
        .callsFake(async (input: { Key?: string }) => ({ ETag: `"etag-${input.Key}"` }));
    });

    it('two of four files failing: exit 6, both named, the manifest lists only the two uploaded', async () => {
      s3mock
        .on(PutObjectCommand, { Key: 'b.txt' })
        .rejects(s3Error('InternalError', 500, 'We encountered an internal error'));
      s3mock.on(PutObjectCommand, { Key: 'd.txt' }).rejects(s3Error('EntityTooLarge', 400));
      const { code, host } = await run({});
      expect(code).toBe(6);
      expect(host.outputs).toMatchObject({
        'exit-code': '6',
        'error-code': 'PartialFailure',
        'uploaded-count': '2',
        bytes: String('alpha'.length + 'charlie'.length),
      });
      const error = host.errors.join('\n');
      expect(error).toContain('2 of 4 files failed');
      expect(error).toContain('InternalError for b.txt');
      expect(error).toContain('EntityTooLarge for d.txt');
      // The summary lists every failed file with its error.
      expect(host.summary).toContain('| b.txt | InternalError |');
      expect(host.summary).toContain('| d.txt | EntityTooLarge |');
      expect(host.warnings.filter((w) => w.includes('Failed: '))).toHaveLength(2);

      const manifest = readManifest(host);
      expect(manifest.files.map((f) => f.key)).toEqual(['a.txt', 'c.txt']);
      expect(manifest.files[0]).toEqual({
        key: 'a.txt',
        size: 5,
        sha256: sha256('alpha'),
        etag: '"etag-a.txt"',
        contentType: 'text/plain; charset=utf-8',
        s3Uri: 's3://my-bucket/a.txt',
      });
    });

    it('every failed file is in the summary even when the annotation shortens the list', async () => {
      tree.add(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`out/x${i}.txt`, `x${i}`])));
      for (let i = 0; i < 8; i++)
        s3mock.on(PutObjectCommand, { Key: `x${i}.txt` }).rejects(s3Error('InternalError', 500));
      const { code, host } = await run({});
      expect(code).toBe(6);
      for (let i = 0; i < 8; i++) expect(host.summary).toContain(`| x${i}.txt | InternalError |`);
      // Eight identical failures: one annotation, the rest in the log only.
      expect(host.warnings.filter((w) => w.includes('InternalError'))).toHaveLength(1);
    });

    it('with upload-manifest, a partial run does not store the manifest (it would claim a complete upload)', async () => {
      s3mock.on(PutObjectCommand, { Key: 'c.txt' }).rejects(s3Error('InternalError', 500));
      const { code } = await run({ 'upload-manifest': 'true' });
      expect(code).toBe(6);
      expect(s3mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).not.toContain(
        'manifest.json',
      );
    });

    it('every file failing is not partial: exit 5 with the first error', async () => {
      s3mock.on(PutObjectCommand).rejects(s3Error('InternalError', 500));
      const { code, host } = await run({});
      expect(code).toBe(5);
      expect(host.outputs['error-code']).toBe('InternalError');
      expect(host.errors[0]).toContain('No file was uploaded');
    });

    it('access denied stops starting new files (it would fail for every one): exit 4', async () => {
      s3mock.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
      const { code } = await run({ concurrency: '1' });
      expect(code).toBe(4);
      expect(s3mock.commandCalls(PutObjectCommand)).toHaveLength(1);
    });
  });

  describe('a large file among small ones', () => {
    let big: Buffer;
    beforeEach(() => {
      big = randomBytes(11 * MIB);
      tree.add({ 'out/a-small.txt': 'small', 'out/big.bin': big });
      acceptMultipart('up-42');
      s3mock.on(PutObjectCommand).resolves({ ETag: '"small-etag"' });
    });

    it('with overwrite: if-changed, goes multipart with its SHA-256 in the metadata (compared next time)', async () => {
      s3mock.on(HeadObjectCommand).rejects(notFound());
      const { code, host } = await run({ 'part-size-mb': '5', overwrite: 'if-changed' });
      expect(code).toBe(0);
      expect(s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input.Metadata).toEqual({
        sha256: sha256(big),
      });
      expect(readManifest(host).files.map((f) => f.sha256)).toEqual([sha256('small'), sha256(big)]);
    });

    it('by default goes multipart from the first byte: SHA-256 in the manifest, not in the metadata', async () => {
      const { code, host } = await run({ 'part-size-mb': '5', metadata: 'build=7' });
      expect(code).toBe(0);
      const create = s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
      expect(create).toMatchObject({
        Key: 'big.bin',
        ContentType: 'application/octet-stream',
        Metadata: { build: '7' },
      });
      expect(create.Metadata!.sha256).toBeUndefined();
      // The small file, sent in one request, carries it.
      expect(s3mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Metadata).toEqual({
        build: '7',
        sha256: sha256('small'),
      });
      expect(s3mock.commandCalls(UploadPartCommand)).toHaveLength(3);
      // An S3-compatible endpoint (endpoint-url) gets no checksums it might reject.
      expect(create.ChecksumAlgorithm).toBeUndefined();
      expect(readManifest(host).files).toEqual([
        expect.objectContaining({ key: 'a-small.txt', sha256: sha256('small'), etag: '"small-etag"' }),
        expect.objectContaining({
          key: 'big.bin',
          size: big.length,
          sha256: sha256(big),
          etag: '"multipart-etag-3"',
        }),
      ]);
    });

    it('tags, storage class and encryption go on every object, single-part or multipart', async () => {
      const { code } = await run({
        'part-size-mb': '5',
        tags: 'team=web\nbuild id=42/a',
        'storage-class': 'STANDARD_IA',
        sse: 'aws:kms',
        'kms-key-id': 'alias/artifacts',
      });
      expect(code).toBe(0);
      const put = s3mock.commandCalls(PutObjectCommand)[0]!.args[0].input;
      const create = s3mock.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
      for (const input of [put, create])
        expect(input).toMatchObject({
          Tagging: 'team=web&build%20id=42%2Fa',
          StorageClass: 'STANDARD_IA',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'alias/artifacts',
        });
    });

    it('one part failing: aborted, never completed, exit 6 naming the file; the manifest has the small file only', async () => {
      s3mock.on(UploadPartCommand, { PartNumber: 2 }).rejects(s3Error('InternalError', 500));
      const { code, host } = await run({ 'part-size-mb': '5' });
      expect(code).toBe(6);
      expect(host.errors.join('\n')).toContain('InternalError for big.bin');
      expect(s3mock.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
        { Bucket: 'my-bucket', Key: 'big.bin', UploadId: 'up-42' },
      ]);
      expect(s3mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
      expect(readManifest(host).files.map((f) => f.key)).toEqual(['a-small.txt']);
    });

    it('cancelled during the multipart upload: exit 130, the upload aborted, the summary says what was uploaded', async () => {
      const job = new AbortController();
      s3mock.on(UploadPartCommand, { PartNumber: 2 }).callsFake(async () => {
        job.abort();
        throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
      });
      const { code, host } = await run({ 'part-size-mb': '5', concurrency: '1' }, { signal: job.signal });
      expect(code).toBe(130);
      expect(host.outputs).toMatchObject({
        'exit-code': '130',
        'error-code': 'Cancelled',
        'uploaded-count': '1',
      });
      expect(s3mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
      expect(s3mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
      expect(host.errors.join('\n')).toContain('Cancelled after uploading 1 of 2 files');
      expect(host.summary).toMatch(/^### ⏹️ upload-artifact: 1 file uploaded .*, 1 not tried/);
      expect(host.summary).toContain('| big.bin | not tried |');
      expect(host.summary).toContain('a-small.txt');
      expect(readManifest(host).files.map((f) => f.key)).toEqual(['a-small.txt']);
    });
  });

  describe('manifest and URLs', () => {
    beforeEach(() => {
      tree.add({ 'out/index.html': '<p>hi</p>', 'out/img/logo 1.png': 'png', 'out/ü/ß.txt': 'unicode' });
      s3mock
        .on(PutObjectCommand)
        .callsFake(async (input: { Key?: string }) => ({ ETag: `"etag-${input.Key}"` }));
    });

    it('the manifest file: bucket, prefix and one entry per file; manifest-path and the other outputs', async () => {
      const { code, host } = await run({ 'key-prefix': 'site/{run_id}/' });
      expect(code).toBe(0);
      expect(host.outputs).toMatchObject({
        'key-prefix': 'site/987654321/',
        's3-uri': 's3://my-bucket/site/987654321/',
        'uploaded-count': '3',
        'skipped-count': '0',
        bytes: String(9 + 3 + 7),
        urls: '{}',
      });
      expect(host.outputs['manifest-path']!.startsWith(tree.dir)).toBe(true);
      const manifest = readManifest(host);
      expect(manifest).toMatchObject({ bucket: 'my-bucket', keyPrefix: 'site/987654321/' });
      expect(manifest.files).toEqual([
        {
          key: 'site/987654321/img/logo 1.png',
          size: 3,
          sha256: sha256('png'),
          etag: '"etag-site/987654321/img/logo 1.png"',
          contentType: 'image/png',
          s3Uri: 's3://my-bucket/site/987654321/img/logo 1.png',
        },
        expect.objectContaining({
          key: 'site/987654321/index.html',
          contentType: 'text/html; charset=utf-8',
        }),
        expect.objectContaining({ key: 'site/987654321/ü/ß.txt', sha256: sha256('unicode') }),
      ]);
    });

    it('manifest: false writes no file and sets an empty manifest-path', async () => {
      const { code, host } = await run({ manifest: 'false' });
      expect(code).toBe(0);
      expect(host.outputs['manifest-path']).toBe('');
    });

    it('upload-manifest stores it at <prefix>manifest.json', async () => {
      const { code, host } = await run({ 'key-prefix': 'v2/', 'upload-manifest': 'true' });
      expect(code).toBe(0);
      const put = s3mock
        .commandCalls(PutObjectCommand)
        .find((c) => c.args[0].input.Key === 'v2/manifest.json');
      expect(put).toBeDefined();
      expect(put!.args[0].input.ContentType).toBe('application/json; charset=utf-8');
      const stored = JSON.parse(String(put!.args[0].input.Body));
      expect(stored.files.map((f: { key: string }) => f.key).sort()).toEqual([
        'v2/img/logo 1.png',
        'v2/index.html',
        'v2/ü/ß.txt',
      ]);
      expect(host.summary).toContain('s3://my-bucket/v2/manifest.json');
    });

    it('public-base-url: URLs with each key segment encoded, in the manifest and the urls output', async () => {
      const { code, host } = await run({ 'public-base-url': 'https://cdn.example.com/', 'key-prefix': 'p/' });
      expect(code).toBe(0);
      const urls = JSON.parse(host.outputs.urls!);
      expect(urls).toEqual({
        'p/img/logo 1.png': 'https://cdn.example.com/p/img/logo%201.png',
        'p/index.html': 'https://cdn.example.com/p/index.html',
        'p/ü/ß.txt': 'https://cdn.example.com/p/%C3%BC/%C3%9F.txt',
      });
      expect(Object.fromEntries(readManifest(host).files.map((f) => [f.key, f.url]))).toEqual(urls);
    });

    it('presign-expires: presigned URLs in the urls output and the manifest, never in the log or summary (even debug)', async () => {
      const { code, host } = await run(
        { 'presign-expires': '900', 'upload-manifest': 'true', 'log-format': 'json' },
        { debug: true },
      );
      expect(code).toBe(0);
      const urls = JSON.parse(host.outputs.urls!) as Record<string, string>;
      expect(Object.keys(urls)).toHaveLength(3);
      for (const url of Object.values(urls)) {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9\/my-bucket\/.*X-Amz-Signature=[0-9a-f]{64}/);
        expect(url).toContain('X-Amz-Expires=900');
      }
      expect(Object.fromEntries(readManifest(host).files.map((f) => [f.key, f.url]))).toEqual(urls);
      const signatures = Object.values(urls).map((u) => new URL(u).searchParams.get('X-Amz-Signature')!);
      const visible = [...host.lines, ...host.annotations(), host.summary].join('\n');
      for (const sig of signatures) expect(visible).not.toContain(sig);
      // The copy stored in the bucket never holds them either.
      const stored = s3mock
        .commandCalls(PutObjectCommand)
        .find((c) => c.args[0].input.Key === 'manifest.json')!;
      expect(String(stored.args[0].input.Body)).not.toContain('X-Amz-Signature');
    });

    it('presign-expires beyond the credentials’ lifetime is capped, with a warning', async () => {
      process.env.AWS_CREDENTIAL_EXPIRATION = new Date(Date.now() + 600_000).toISOString();
      const { code, host } = await run({ 'presign-expires': '604800' });
      expect(code).toBe(0);
      expect(host.warnings.join('\n')).toMatch(/presign-expires 604800s outlives the credentials/);
      for (const url of Object.values(JSON.parse(host.outputs.urls!) as Record<string, string>)) {
        const expires = Number(new URL(url).searchParams.get('X-Amz-Expires'));
        expect(expires).toBeGreaterThan(500);
        expect(expires).toBeLessThanOrEqual(600);
      }
    });

    it('key-prefix placeholders come from the step’s environment (the host), not the test process', async () => {
      const { code, host } = await run(
        { 'key-prefix': 'pr-{pr_number}/{short_sha}/' },
        { env: githubEnv({ GITHUB_REF: 'refs/pull/314/merge', GITHUB_SHA: 'abcdef0123456789' }) },
      );
      expect(code).toBe(0);
      expect(host.outputs['key-prefix']).toBe('pr-314/abcdef0/');
    });
  });

  describe('dry-run', () => {
    beforeEach(() => {
      tree.add({ 'out/index.html': '<p>hi</p>', 'out/app.js': 'js' });
    });

    it('lists `(dryrun) upload:` lines and the summary, and uploads nothing', async () => {
      const { code, host } = await run({
        'dry-run': 'true',
        'key-prefix': 'dr/',
        'cache-control': 'no-cache',
      });
      expect(code).toBe(0);
      expect(s3mock.calls()).toHaveLength(0);
      const lines = host.lines.filter((l) => l.includes('(dryrun) upload:'));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain('(dryrun) upload: app.js to s3://my-bucket/dr/app.js');
      expect(lines[1]).toContain('(dryrun) upload: index.html to s3://my-bucket/dr/index.html');
      expect(host.outputs).toMatchObject({
        'dry-run': 'true',
        'uploaded-count': '2',
        bytes: '11',
        'manifest-path': '',
      });
      expect(host.summary).toContain('Dry run: nothing was uploaded');
      expect(host.summary).toContain('+ dr/index.html  9 B');
    });

    it('with overwrite: if-changed it reads (HeadObject) but writes nothing, and lists the skips', async () => {
      s3mock.on(HeadObjectCommand).rejects(notFound());
      s3mock.on(HeadObjectCommand, { Key: 'app.js' }).resolves({
        ContentLength: 2,
        ContentType: 'text/javascript; charset=utf-8',
        Metadata: { sha256: sha256('js') },
      });
      const { code, host } = await run({ 'dry-run': 'true', overwrite: 'if-changed' });
      expect(code).toBe(0);
      expect(s3mock.commandCalls(HeadObjectCommand)).toHaveLength(2);
      expect(s3mock.calls()).toHaveLength(2);
      expect(host.lines.join('\n')).toContain('(dryrun) skip: app.js');
      expect(host.outputs).toMatchObject({ 'uploaded-count': '1', 'skipped-count': '1' });
    });
  });
});

describe('presignAll', () => {
  it('caps the expiry at the credentials’ remaining lifetime and says so', async () => {
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: async () => ({
        accessKeyId: 'AKIDTEST',
        secretAccessKey: 'secret',
        sessionToken: 'token',
        expiration: new Date(Date.now() + 120_000),
      }),
    });
    const { logger, host } = testLogger();
    const urls = await presignAll(s3, 'my-bucket', ['a/b.txt'], 3600, logger);
    s3.destroy();
    const url = new URL(urls.get('a/b.txt')!);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(120);
    expect(host.warnings.join('\n')).toContain('presign-expires 3600s outlives the credentials');
    expect(s3mock.calls()).toHaveLength(0);
  });

  it('keeps the requested expiry for credentials that do not expire', async () => {
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const { logger, host } = testLogger();
    const urls = await presignAll(s3, 'my-bucket', ['k'], 3600, logger);
    s3.destroy();
    expect(new URL(urls.get('k')!).searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(host.warnings).toEqual([]);
  });
});
