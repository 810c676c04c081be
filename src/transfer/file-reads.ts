import { TaskError } from '../errors.js';
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

const MIB = 1024 * 1024;

/** Reads `length` bytes at `offset` into the start of `buffer`; a file that got shorter is an error. */
export async function readAt(
  handle: FileHandle,
  path: string,
  buffer: Buffer,
  length: number,
  offset: number,
): Promise<void> {
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
    // The workflow changed the file under us: an input problem, not a bug in the action.
    if (bytesRead === 0)
      throw new TaskError('input', `${path} changed while it was being uploaded (it got shorter).`, {
        errorCode: 'FileChanged',
        hint: 'Do not modify the files while the step uploads them.',
      });
    read += bytesRead;
  }
}

/**
 * Reads a file front to back in `chunkSize` pieces into two alternating buffers, the next read in
 * flight while `use` works on the current chunk. Every read is awaited before this returns, also on
 * failure, so no read lands in a buffer its owner has already reused.
 */
export async function eachChunk(
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
 * The ETag S3 gives a multipart upload of this file in parts of `partSize`: the MD5 of the parts'
 * MD5s, then `-` and the number of parts (S3, MinIO and Ceph RGW compute it so; not with SSE-KMS).
 */
export async function multipartEtagOfFile(path: string, size: number, partSize: number): Promise<string> {
  const digests: Buffer[] = [];
  const handle = await open(path, 'r');
  try {
    const chunk = Math.min(partSize, Math.max(1, size));
    const pair: [Buffer, Buffer] = [Buffer.allocUnsafeSlow(chunk), Buffer.allocUnsafeSlow(chunk)];
    await eachChunk(handle, path, size, chunk, pair, (c) =>
      digests.push(createHash('md5').update(c).digest()),
    );
  } finally {
    await handle.close();
  }
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}
