import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
  type ServerSideEncryption,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { declarePayloadSha256 } from '../../aws/payload-hash.js';
import { awsErrorCode } from '../../aws/classify.js';
import { mapLimit } from '../../util/concurrency.js';
import { sharedBuffer, type HashWorker } from '../../util/hash-worker.js';
import { confirmCompleted } from './confirm.js';

/** S3 allows at most 10,000 parts per upload. */
export const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

/** The headers every object of one upload gets, plus its own type and cache rule. */
export interface ObjectHeaders {
  contentType: string;
  cacheControl?: string;
  /** User metadata, including our `sha256` entry. */
  metadata: Record<string, string>;
  /** URL-encoded `k=v&k2=v2`. */
  tagging?: string;
  storageClass?: StorageClass;
  sse?: ServerSideEncryption;
  kmsKeyId?: string;
}

export interface TransferOptions {
  s3: S3Client;
  /**
   * The factory's bulk client for single PutObjects: sent without per-call options (so its middleware
   * stays resolved), cancelled by the job signal at its HTTP handler. Without it, `s3` with `signal`.
   */
  bulk?: S3Client;
  bucket: string;
  partSizeBytes: number;
  partConcurrency: number;
  /** Send SHA-256 checksums S3 verifies (off for S3-compatible stores that reject them). */
  checksums: boolean;
  /** `If-None-Match: *`: never replace an existing object. */
  ifNoneMatch: boolean;
  signal: AbortSignal;
  onBytes: (bytes: number) => void;
  /** An upload that could not be aborted (`uploadId` '': not even listed) leaves parts behind: the caller says so. */
  onAbortFailed?: (key: string, uploadId: string, err: unknown) => void;
  /** A CompleteMultipartUpload whose answer was lost, found complete by HeadObject. */
  onCompleteConfirmed?: (key: string, errorCode: string) => void;
}

export interface TransferResult {
  etag: string;
  parts: number;
}

/** The part size for a file: the configured one, grown in whole MiB so no file needs more than 10,000 parts. */
export function partSizeFor(size: number, configured: number): number {
  const needed = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  return Math.max(configured, needed);
}

/** Reads `length` bytes at `offset` into the start of `buffer`; a file that got shorter is an error. */
async function readAt(handle: FileHandle, path: string, buffer: Buffer, length: number, offset: number) {
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
    if (bytesRead === 0) throw new Error(`${path} changed while it was being uploaded (it got shorter)`);
    read += bytesRead;
  }
}

/**
 * Reads a file front to back in `chunkSize` pieces into two alternating buffers, the next read in
 * flight while `use` works on the current chunk. Every read is awaited before this returns, also on
 * failure, so no read lands in a buffer its owner has already reused.
 */
async function eachChunk(
  handle: FileHandle,
  path: string,
  size: number,
  chunkSize: number,
  pair: [Buffer, Buffer],
  use: (chunk: Buffer) => unknown,
): Promise<void> {
  const count = Math.ceil(size / chunkSize);
  const lengthOf = (i: number): number => Math.min(chunkSize, size - i * chunkSize);
  const readChunk = (i: number): Promise<void> => {
    const p = readAt(handle, path, pair[i % 2]!, lengthOf(i), i * chunkSize);
    p.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
    return p;
  };
  let reading = count ? readChunk(0) : undefined;
  try {
    for (let i = 0; i < count; i++) {
      await reading;
      reading = i + 1 < count ? readChunk(i + 1) : undefined;
      await use(pair[i % 2]!.subarray(0, lengthOf(i)));
    }
  } finally {
    await reading?.catch(() => undefined);
  }
}

const HASH_CHUNK = 8 * MIB;

/** The SHA-256 (hex) of a whole file, read in 8 MiB chunks into two reused buffers. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const chunk = Math.max(1, Math.min(HASH_CHUNK, size));
    const pair: [Buffer, Buffer] = [Buffer.allocUnsafeSlow(chunk), Buffer.allocUnsafeSlow(chunk)];
    await eachChunk(handle, path, size, chunk, pair, (c) => hash.update(c));
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Part-sized buffers in shared memory (the hashing worker reads them without a copy), reused from
 * part to part and from the hashing pass to the upload: nothing is allocated, or collected, per part.
 */
export class PartBuffers {
  private readonly free: Buffer[] = [];
  constructor(readonly size: number) {}
  take(): Buffer {
    return this.free.pop() ?? sharedBuffer(this.size);
  }
  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}

/** A file's SHA-256 (hex) and the SHA-256 of each of its parts. */
export interface MultipartDigests {
  sha256: string;
  parts: Buffer[];
}

/**
 * One read of the file before its multipart upload, which needs the file's SHA-256 (the `sha256`
 * metadata entry) before CreateMultipartUpload. Each part is read once into shared memory; the worker
 * thread folds it into the file's digest while this thread hashes the part by itself — so the upload
 * that follows hashes nothing: each part's digest is both its checksum and its SigV4 payload hash. The
 * next part is read while the current one is hashed.
 */
export async function hashForMultipart(
  path: string,
  size: number,
  partSize: number,
  worker: HashWorker,
  buffers: PartBuffers,
): Promise<MultipartDigests> {
  const whole = worker.begin();
  const parts: Buffer[] = [];
  const handle = await open(path, 'r');
  const pair: [Buffer, Buffer] = [buffers.take(), buffers.take()];
  try {
    await eachChunk(handle, path, size, partSize, pair, async (part) => {
      const folded = whole.update(part, part.length);
      parts.push(createHash('sha256').update(part).digest());
      await folded;
    });
    return { sha256: await whole.digest(), parts };
  } finally {
    await handle.close();
    for (const b of pair) buffers.give(b);
  }
}

function common(key: string, headers: ObjectHeaders, bucket: string) {
  return {
    Bucket: bucket,
    Key: key,
    ContentType: headers.contentType,
    CacheControl: headers.cacheControl,
    Metadata: headers.metadata,
    Tagging: headers.tagging,
    StorageClass: headers.storageClass,
    ServerSideEncryption: headers.sse,
    SSEKMSKeyId: headers.kmsKeyId,
  };
}

/** Files up to this size are read without the thread pool. */
const SYNC_READ_LIMIT = 1 * MIB;

/** One PutObject from a buffer read whole (small files); returns the content's SHA-256 too. */
export async function putSmall(
  path: string,
  sizeHint: number,
  key: string,
  headers: (sha256: string) => ObjectHeaders,
  options: TransferOptions,
): Promise<TransferResult & { sha256: string; headers: ObjectHeaders }> {
  // A small file read synchronously costs a few microseconds; the promise API's four thread-pool round
  // trips (open, fstat, read, close) cost more than the read itself.
  const body = sizeHint <= SYNC_READ_LIMIT ? readFileSync(path) : await readFile(path);
  const digest = createHash('sha256').update(body).digest();
  const sha256 = digest.toString('hex');
  declarePayloadSha256(body, sha256);
  const h = headers(sha256);
  const command = new PutObjectCommand({
    ...common(key, h, options.bucket),
    Body: body,
    ContentLength: body.length,
    ChecksumSHA256: options.checksums ? digest.toString('base64') : undefined,
    IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
  });
  const out = options.bulk
    ? await options.bulk.send(command)
    : await options.s3.send(command, { abortSignal: options.signal });
  options.onBytes(body.length);
  return { etag: out.ETag ?? '', parts: 1, sha256, headers: h };
}

/**
 * CreateMultipartUpload is not idempotent: when it took more than one attempt, an earlier one may have
 * created an upload whose reply was lost. Such an upload is of this very key and started (by S3's clock)
 * at most the call's duration before ours: abort those, so no parts are left behind. Best effort — a
 * role without `s3:ListBucketMultipartUploads` is told, and a lifecycle rule removes them later.
 */
async function abortLostCreations(
  key: string,
  uploadId: string,
  tookMs: number,
  options: TransferOptions,
): Promise<void> {
  const { s3, bucket, signal } = options;
  try {
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }), {
      abortSignal: signal,
    });
    const uploads = (listed.Uploads ?? []).filter((u) => u.Key === key);
    const ours = uploads.find((u) => u.UploadId === uploadId)?.Initiated?.getTime();
    if (ours === undefined) return;
    // S3 keeps `Initiated` to the second.
    const earliest = ours - tookMs - 1000;
    for (const u of uploads) {
      const at = u.Initiated?.getTime();
      if (u.UploadId === uploadId || at === undefined || at > ours || at < earliest) continue;
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: u.UploadId }), {
        abortSignal: signal,
      });
    }
  } catch (err) {
    if (!signal.aborted) options.onAbortFailed?.(key, '', err);
  }
}

/**
 * A multipart upload read with positional reads straight into part-sized buffers, `partConcurrency`
 * parts in flight, each with a SHA-256 checksum S3 verifies. Any failure or cancellation aborts the
 * upload, so no orphaned parts are left behind.
 */
export async function putMultipart(
  path: string,
  size: number,
  key: string,
  headers: ObjectHeaders,
  options: TransferOptions,
  prepared?: { digests?: Buffer[]; buffers?: PartBuffers },
): Promise<TransferResult> {
  const { s3, signal } = options;
  const partSize = partSizeFor(size, options.partSizeBytes);
  const count = Math.ceil(size / partSize);
  const creating = Date.now();
  // Not under the job signal: an upload S3 creates just as the job is cancelled must be known, so that
  // it is aborted below instead of being left behind (the call is bounded by the read timeout).
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      ...common(key, headers, options.bucket),
      ChecksumAlgorithm: options.checksums ? 'SHA256' : undefined,
    }),
  );
  const uploadId = created.UploadId!;
  // Stops the parts still in flight when one fails or the job is cancelled.
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) local.abort();
  let file: FileHandle | undefined;
  try {
    if ((created.$metadata?.attempts ?? 1) > 1)
      await abortLostCreations(key, uploadId, Date.now() - creating, options);
    const handle = (file = await open(path, 'r'));
    // One part-sized buffer per part in flight, reused from part to part: no allocation (and no
    // garbage to collect) per part. A buffer goes back to the pool only once its request has settled.
    const pool = prepared?.buffers ?? new PartBuffers(partSize);
    const parts = await mapLimit(
      Array.from({ length: count }, (_, i) => i),
      options.partConcurrency,
      async (i): Promise<CompletedPart> => {
        const offset = i * partSize;
        const length = Math.min(partSize, size - offset);
        const buffer = pool.take();
        try {
          await readAt(handle, path, buffer, length, offset);
          const body = buffer.subarray(0, length);
          // One hash per part serves both the checksum S3 verifies and the SigV4 payload hash. A part
          // that changed since it was hashed fails S3's payload check instead of being stored.
          const digest = prepared?.digests?.[i] ?? createHash('sha256').update(body).digest();
          declarePayloadSha256(body, digest.toString('hex'));
          const checksum = options.checksums ? digest.toString('base64') : undefined;
          const out = await s3.send(
            new UploadPartCommand({
              Bucket: options.bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: i + 1,
              Body: body,
              ContentLength: length,
              ChecksumSHA256: checksum,
            }),
            { abortSignal: local.signal },
          );
          options.onBytes(length);
          return { ETag: out.ETag, PartNumber: i + 1, ChecksumSHA256: checksum };
        } finally {
          pool.give(buffer);
        }
      },
      { signal: local.signal, onFailure: () => local.abort() },
    );
    const done = await s3
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: options.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
        }),
        { abortSignal: signal },
      )
      .catch((err: unknown) =>
        confirmCompleted(err, {
          s3,
          bucket: options.bucket,
          key,
          size,
          sha256: headers.metadata.sha256 ?? '',
          signal,
          onConfirmed: options.onCompleteConfirmed,
        }),
      );
    return { etag: done.ETag ?? '', parts: count };
  } catch (err) {
    // Not under the (possibly aborted) job signal: the abort must go out even when cancelling.
    try {
      await s3.send(
        new AbortMultipartUploadCommand({ Bucket: options.bucket, Key: key, UploadId: uploadId }),
      );
    } catch (abortErr) {
      // Gone already: completed by a call whose answer was lost, or aborted. No parts stay behind.
      if (awsErrorCode(abortErr) !== 'NoSuchUpload') options.onAbortFailed?.(key, uploadId, abortErr);
    }
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await file?.close();
  }
}
