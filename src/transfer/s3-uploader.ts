import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { awsErrorCode } from '../aws/classify.js';
import { declarePayloadSha256, declareUnsignedPayload } from '../aws/payload-hash.js';
import { AdaptiveLimit, forEachAdaptive, type TaskOutcome } from '../util/adaptive-limit.js';
import { HashWorker } from '../util/hash-worker.js';
import { confirmCompleted } from './confirm-completed.js';
import { readAt } from './file-reads.js';
import { PartBuffers } from './part-buffers.js';
import {
  partSizeFor,
  SHA256_METADATA,
  withSha256,
  type ObjectHeaders,
  type UploadedObject,
  type UploadEvents,
  type UploadRequest,
  type Uploader,
  type UploadTarget,
  type UploadTuning,
} from './uploader.js';

const MIB = 1024 * 1024;
/** Files up to this size are read without the thread pool. */
const SYNC_READ_LIMIT = 1 * MIB;
/**
 * Parts of one file in flight at the start: as many as the memory budget holds (32 parts of 8 MiB in
 * the default 256 MiB), at least 4, and `partConcurrency` caps it. A file has few parts (32 for 256 MiB),
 * so probing upwards from fewer costs whole waves of them: against a store 25 ms away, starting at 16
 * moved 256 MiB at 0.90 of 32 fixed, starting at 32 at 0.96–0.98; on loopback, where the CPU is the limit,
 * 4 to 32 parts move alike (BENCHMARKS.md). From there the limit backs off on throttling, errors and
 * latency growing while throughput falls.
 */
function initialParts(tuning: UploadTuning, partSize: number): number {
  return Math.max(4, Math.floor(tuning.memoryBudgetBytes / partSize));
}

export interface S3Clients {
  s3: S3Client;
  /**
   * The factory's bulk client for single PutObjects: sent without per-call options (so its middleware
   * stays resolved), cancelled by the job signal at its HTTP handler. Without it, `s3` with `signal`.
   */
  bulk?: S3Client;
}

/** A retried request (throttling, a 5xx, a dropped connection) is a sign to send less at once. */
function retried(out: { $metadata?: { attempts?: number } }): boolean {
  return (out.$metadata?.attempts ?? 1) > 1;
}

/** Node's zlib CRC32 (Node ≥ 20.15; the action runs on Node 24). Without it, parts go as before. */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * What vouches for one part's bytes: its SHA-256 (SigV4 signs it, and on AWS it is also the part's
 * checksum), or on AWS its CRC32 checksum with an unsigned payload over HTTPS. Computed from the
 * bytes read, before they are sent, so a file that changes meanwhile fails S3's check.
 */
type PartSeal = { sha256: Buffer } | { crc32: string };

/** The checksum fields of a part's UploadPart and of its entry in CompleteMultipartUpload. */
type PartChecksum = { ChecksumSHA256?: string; ChecksumCRC32?: string };

/**
 * The project's tuned S3 uploader. A file of up to one part goes in one PutObject read whole, its
 * SHA-256 serving as `sha256` metadata, checksum and SigV4 payload hash at once. A larger file goes
 * multipart with positional reads into pooled part buffers; its parts go out from the first byte
 * (no hashing pass first) while a worker thread folds each part into the file's SHA-256, and the
 * number of parts in flight adapts to what the link rewards, up to `partConcurrency`.
 */
export class S3Uploader implements Uploader {
  private readonly hasher = new HashWorker();
  private readonly buffers: PartBuffers;
  /**
   * On AWS (checksums on, always HTTPS) a part carries a CRC32 checksum S3 verifies and an unsigned
   * payload, so the file's SHA-256 on the worker is the only SHA-256 pass over its bytes; elsewhere
   * each part's SHA-256 is signed (SigV4), the only integrity check a store without checksums has.
   */
  private readonly crcParts: boolean;

  constructor(
    private readonly clients: S3Clients,
    private readonly target: UploadTarget,
    private readonly tuning: UploadTuning,
    private readonly events: UploadEvents,
  ) {
    this.buffers = new PartBuffers(tuning.memoryBudgetBytes);
    this.crcParts = target.checksums && crc32 !== undefined;
  }

  /** Part buffers in use and the most ever held (bytes): the memory budget at work. */
  get bufferUse(): { inUse: number; peak: number } {
    return { inUse: this.buffers.budget.inUse, peak: this.buffers.budget.peak };
  }

  async upload(request: UploadRequest): Promise<UploadedObject> {
    const partSize = partSizeFor(request.size, this.tuning.partSizeBytes);
    if (request.size <= partSize) return this.putSmall(request);
    return this.putMultipart(request, partSize);
  }

  async close(): Promise<void> {
    await this.hasher.close();
  }

  private common(key: string, headers: ObjectHeaders) {
    return {
      Bucket: this.target.bucket,
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

  /** One PutObject from a buffer read whole. */
  private async putSmall(request: UploadRequest): Promise<UploadedObject> {
    const { path, key } = request;
    // A small file read synchronously costs a few microseconds; the promise API's four thread-pool round
    // trips (open, fstat, read, close) cost more than the read itself.
    const body = request.size <= SYNC_READ_LIMIT ? readFileSync(path) : await readFile(path);
    const digest = createHash('sha256').update(body).digest();
    const sha256 = digest.toString('hex');
    declarePayloadSha256(body, sha256);
    const command = new PutObjectCommand({
      ...this.common(key, withSha256(request.headers, sha256)),
      Body: body,
      ContentLength: body.length,
      ChecksumSHA256: this.target.checksums ? digest.toString('base64') : undefined,
      IfNoneMatch: this.target.ifNoneMatch ? '*' : undefined,
    });
    const { bulk, s3 } = this.clients;
    const out = bulk ? await bulk.send(command) : await s3.send(command, { abortSignal: this.events.signal });
    this.events.onBytes?.(body.length);
    return { etag: out.ETag ?? '', parts: 1, sha256, retried: retried(out) };
  }

  /**
   * The SHA-256 of a file and the seal of each of its parts, in one read: each part is read into
   * shared memory, the worker thread folds it into the file's digest while this thread seals the part.
   * Only for a multipart upload that must store its SHA-256 (it goes in CreateMultipartUpload); the
   * upload that follows reuses the seals, so a file changed since this pass fails S3's checks.
   */
  private async hashFirst(path: string, size: number, partSize: number) {
    const whole = this.hasher.begin();
    const parts: PartSeal[] = [];
    const handle = await open(path, 'r');
    const buffer = await this.buffers.take(partSize);
    try {
      for (let offset = 0; offset < size; offset += partSize) {
        const length = Math.min(partSize, size - offset);
        await readAt(handle, path, buffer, length, offset);
        const folded = whole.update(buffer, length);
        parts.push(this.seal(buffer.subarray(0, length)));
        await folded;
      }
      return { sha256: await whole.digest(), parts };
    } finally {
      this.buffers.give(buffer);
      await handle.close();
    }
  }

  /** A part's seal (see `crcParts`). */
  private seal(body: Uint8Array): PartSeal {
    if (this.crcParts) {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(crc32!(body));
      return { crc32: value.toString('base64') };
    }
    return { sha256: createHash('sha256').update(body).digest() };
  }

  /** Tells the signer what vouches for the body, and returns the part's checksum fields. */
  private applySeal(body: Uint8Array, seal: PartSeal): PartChecksum {
    if ('crc32' in seal) {
      declareUnsignedPayload(body);
      return { ChecksumCRC32: seal.crc32 };
    }
    declarePayloadSha256(body, seal.sha256.toString('hex'));
    return this.target.checksums ? { ChecksumSHA256: seal.sha256.toString('base64') } : {};
  }

  /**
   * CreateMultipartUpload is not idempotent: when it took more than one attempt, an earlier one may have
   * created an upload whose reply was lost. Such an upload is of this very key and started (by S3's clock)
   * at most the call's duration before ours: abort those, so no parts are left behind. Best effort — a
   * role without `s3:ListBucketMultipartUploads` is told, and a lifecycle rule removes them later.
   */
  private async abortLostCreations(key: string, uploadId: string, tookMs: number): Promise<void> {
    const { s3 } = this.clients;
    const { bucket } = this.target;
    const { signal } = this.events;
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
      if (!signal.aborted) this.events.onAbortFailed?.(key, '', err);
    }
  }

  /**
   * A multipart upload; any failure or cancellation aborts it, so no orphaned parts are left behind.
   */
  private async putMultipart(request: UploadRequest, partSize: number): Promise<UploadedObject> {
    const { path, size, key } = request;
    const { s3 } = this.clients;
    const { signal } = this.events;
    const known =
      request.recordSha256 && !request.sha256
        ? await this.hashFirst(path, size, partSize)
        : request.sha256
          ? { sha256: request.sha256, parts: undefined }
          : undefined;
    const headers = request.recordSha256 ? withSha256(request.headers, known!.sha256) : request.headers;
    const creating = Date.now();
    // Not under the job signal: an upload S3 creates just as the job is cancelled must be known, so that
    // it is aborted below instead of being left behind (the call is bounded by the read timeout).
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        ...this.common(key, headers),
        ChecksumAlgorithm: this.target.checksums ? (this.crcParts ? 'CRC32' : 'SHA256') : undefined,
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
        await this.abortLostCreations(key, uploadId, Date.now() - creating);
      file = await open(path, 'r');
      const sent = await this.sendParts(request, file, uploadId, partSize, local, known);
      const done = await s3
        .send(
          new CompleteMultipartUploadCommand({
            Bucket: this.target.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: sent.parts },
            IfNoneMatch: this.target.ifNoneMatch ? '*' : undefined,
          }),
          { abortSignal: signal },
        )
        .catch((err: unknown) =>
          confirmCompleted(err, {
            s3,
            bucket: this.target.bucket,
            key,
            size,
            sha256: headers.metadata[SHA256_METADATA],
            partEtags: sent.parts.map((p) => p.ETag ?? ''),
            signal,
            onConfirmed: this.events.onCompleteConfirmed,
          }),
        );
      return { etag: done.ETag ?? '', parts: sent.parts.length, sha256: sent.sha256, retried: sent.retried };
    } catch (err) {
      // Not under the (possibly aborted) job signal: the abort must go out even when cancelling.
      try {
        await s3.send(
          new AbortMultipartUploadCommand({ Bucket: this.target.bucket, Key: key, UploadId: uploadId }),
        );
      } catch (abortErr) {
        // Gone already: completed by a call whose answer was lost, or aborted. No parts stay behind.
        if (awsErrorCode(abortErr) !== 'NoSuchUpload') this.events.onAbortFailed?.(key, uploadId, abortErr);
      }
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      await file?.close();
    }
  }

  /**
   * Sends every part: positional reads into pooled buffers, as many parts in flight as pay (up to
   * `partConcurrency`, within the memory budget). Without a known SHA-256, the worker thread folds
   * each part into the file's digest in order while this thread seals the part (`seal`), so no byte
   * waits for a hashing pass. A buffer goes back to the pool only once
   * its request and its fold have settled.
   */
  private async sendParts(
    request: UploadRequest,
    handle: FileHandle,
    uploadId: string,
    partSize: number,
    local: AbortController,
    known: { sha256: string; parts?: PartSeal[] } | undefined,
  ): Promise<{ parts: CompletedPart[]; sha256: string; retried: boolean }> {
    const { path, size, key } = request;
    const count = Math.ceil(size / partSize);
    const parts = new Array<CompletedPart>(count);
    const whole = known ? undefined : this.hasher.begin();
    // Parts start in order; each one's fold waits for the previous part's, so the digest sees the file in order.
    let previousFold: Promise<unknown> = Promise.resolve();
    let anyRetried = false;
    const { partConcurrency, adaptive } = this.tuning;
    const limit = new AdaptiveLimit({
      initial: adaptive === false ? partConcurrency : initialParts(this.tuning, partSize),
      max: partConcurrency,
      // One file has too few parts to spend two rounds on every step, even on loopback where a round
      // of parts can take under `STEADY_MS`.
      window: 1,
    });
    const indices = Array.from({ length: count }, (_, i) => i);
    await forEachAdaptive(
      indices,
      limit,
      async (i) => {
        const offset = i * partSize;
        const length = Math.min(partSize, size - offset);
        const turn = previousFold;
        let folded: () => void = () => undefined;
        previousFold = new Promise<void>((resolve) => (folded = resolve));
        let fold: Promise<void> = Promise.resolve();
        const buffer = await this.buffers.take(partSize);
        try {
          await readAt(handle, path, buffer, length, offset);
          const body = buffer.subarray(0, length);
          if (whole) fold = turn.then(() => whole.update(buffer, length));
          void fold.finally(folded).catch(() => undefined);
          // One seal per part serves as the checksum S3 verifies and what the signer signs. A part
          // that changed since it was sealed fails S3's check instead of being stored.
          const checksum = this.applySeal(body, known?.parts?.[i] ?? this.seal(body));
          const out = await this.clients.s3.send(
            new UploadPartCommand({
              Bucket: this.target.bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: i + 1,
              Body: body,
              ContentLength: length,
              ...checksum,
            }),
            { abortSignal: local.signal },
          );
          await fold;
          this.events.onBytes?.(length);
          parts[i] = { ETag: out.ETag, PartNumber: i + 1, ...checksum };
          const outcome: TaskOutcome = retried(out) ? 'throttled' : 'ok';
          if (outcome !== 'ok') anyRetried = true;
          return { units: length, outcome };
        } finally {
          folded();
          await fold.catch(() => undefined);
          this.buffers.give(buffer);
        }
      },
      { signal: local.signal, onFailure: () => local.abort() },
    );
    return { parts, sha256: known?.sha256 ?? (await whole!.digest()), retried: anyRetried };
  }
}
