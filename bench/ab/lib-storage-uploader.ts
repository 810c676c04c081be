/**
 * The alternative measured behind the `Uploader` interface (issue 15 §5): `@aws-sdk/lib-storage`'s
 * `Upload`, fed the way that suits it best — whole part-sized buffers read positionally (not a
 * 64 KiB stream), over the same keep-alive client from the project's factory (checksums as the
 * factory configures them, so no part is hashed for a checksum and again for the signature) — and
 * the file's SHA-256 folded on the same worker thread as ours, so both give the same result.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { readAt, sha256OfFile } from '../../src/transfer/file-reads.js';
import {
  partSizeFor,
  withSha256,
  type UploadedObject,
  type UploadEvents,
  type Uploader,
  type UploadRequest,
  type UploadTarget,
  type UploadTuning,
} from '../../src/transfer/uploader.js';
import { HashWorker, sharedBuffer } from '../../src/util/hash-worker.js';

export class LibStorageUploader implements Uploader {
  private readonly hasher = new HashWorker();

  constructor(
    private readonly s3: S3Client,
    private readonly target: UploadTarget,
    private readonly tuning: UploadTuning,
    private readonly events: UploadEvents,
  ) {}

  async upload(request: UploadRequest): Promise<UploadedObject> {
    const partSize = partSizeFor(request.size, this.tuning.partSizeBytes);
    const params = {
      Bucket: this.target.bucket,
      Key: request.key,
      ContentType: request.headers.contentType,
      CacheControl: request.headers.cacheControl,
      IfNoneMatch: this.target.ifNoneMatch ? '*' : undefined,
    };
    if (request.size <= partSize) {
      // One PutObject: the SHA-256 for the metadata is hashed here; lib-storage hands the SDK a new
      // view of the buffer, so the signer hashes it again (ours declares the digest it already has).
      const body = readFileSync(request.path);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const out = await new Upload({
        client: this.s3,
        partSize,
        params: { ...params, Metadata: withSha256(request.headers, sha256).metadata, Body: body },
        abortController: this.abortControllerFor(),
      }).done();
      this.events.onBytes?.(body.length);
      return { etag: out.ETag ?? '', parts: 1, sha256, retried: false };
    }
    const known = request.recordSha256 ? (request.sha256 ?? (await sha256OfFile(request.path))) : undefined;
    const whole = known ? undefined : this.hasher.begin();
    let folded: Promise<void> = Promise.resolve();
    const handle = await open(request.path, 'r');
    try {
      const size = request.size;
      const path = request.path;
      // lib-storage keeps each part until its request is done, so every part gets its own buffer.
      async function* parts(): AsyncGenerator<Buffer> {
        for (let offset = 0; offset < size; offset += partSize) {
          const length = Math.min(partSize, size - offset);
          const buffer = sharedBuffer(length);
          await readAt(handle, path, buffer, length, offset);
          if (whole) folded = folded.then(() => whole.update(buffer, length));
          yield buffer;
        }
      }
      const headers = known ? withSha256(request.headers, known) : request.headers;
      const upload = new Upload({
        client: this.s3,
        partSize,
        queueSize: this.tuning.partConcurrency,
        leavePartsOnError: false,
        // Object mode: each part stays one chunk; a high-water mark of one reads a part ahead, no more.
        params: {
          ...params,
          Metadata: headers.metadata,
          Body: Readable.from(parts(), { objectMode: true, highWaterMark: 1 }),
        },
        abortController: this.abortControllerFor(),
      });
      upload.on('httpUploadProgress', () => undefined);
      const out = await upload.done();
      await folded;
      this.events.onBytes?.(size);
      return {
        etag: out.ETag ?? '',
        parts: Math.ceil(size / partSize),
        sha256: known ?? (await whole!.digest()),
        retried: false,
      };
    } finally {
      await handle.close();
    }
  }

  private abortControllerFor(): AbortController {
    const controller = new AbortController();
    if (this.events.signal.aborted) controller.abort();
    else this.events.signal.addEventListener('abort', () => controller.abort(), { once: true });
    return controller;
  }

  async close(): Promise<void> {
    await this.hasher.close();
  }
}
