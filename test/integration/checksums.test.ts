/**
 * The uploader with checksums as the action sends them to AWS (CRC32 per part, `ChecksumAlgorithm`
 * CRC32 on create, each part's CRC32 again on complete) against a store that verifies them: moto.
 * Over moto's plain HTTP the payload is still signed (an unsigned body goes only over HTTPS), so what
 * is checked here is the checksum protocol; the unsigned payload is checked in the unit tests.
 * moto accepts a part whose CRC32 is wrong, where AWS answers `BadDigest` (documented for every
 * `x-amz-checksum-*` header): that each part's CRC32 is right is checked in the unit tests, against
 * node's own CRC32 of the bytes sent. What moto does check is that the upload's checksum algorithm,
 * its parts' checksums and the completion agree, and it keeps the composite checksum it computed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ClientFactory } from '../../src/aws/client-factory.js';
import { S3Uploader } from '../../src/transfer/s3-uploader.js';
import { startMoto, type Moto } from '../support/moto.js';
import { TEST_CREDENTIALS } from './fixtures.js';

const MIB = 1024 * 1024;
const BUCKET = 'checksums';
let moto: Moto;
let s3: S3Client;
let factory: ClientFactory;
let dir: string;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  factory = new ClientFactory({
    region: 'us-east-1',
    endpointUrl: moto.endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    connectTimeoutMs: 5000,
    readTimeoutMs: 30_000,
    userAgent: [],
  });
  factory.useCredentials(async () => TEST_CREDENTIALS);
  dir = mkdtempSync(join(tmpdir(), 'checksums-'));
}, 60_000);

afterAll(async () => {
  factory?.destroy();
  s3?.destroy();
  rmSync(dir, { recursive: true, force: true });
  await moto?.stop();
});

/** A CRC32 as S3 computes it: four big-endian bytes. */
function crcBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes));
  return out;
}

async function body(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

function uploader(): S3Uploader {
  return new S3Uploader(
    { s3: factory.s3(), bulk: factory.s3Bulk() },
    { bucket: BUCKET, checksums: true, ifNoneMatch: false },
    { partSizeBytes: 5 * MIB, partConcurrency: 4, memoryBudgetBytes: 64 * MIB },
    { signal: new AbortController().signal },
  );
}

describe('CRC32 part checksums against a store that verifies them (moto)', () => {
  it.each([
    ['without if-changed (parts sealed as they go)', false],
    ['with if-changed (sealed in the hashing pass, reused)', true],
  ])('a multipart upload %s is accepted and stored byte-exact', async (_label, recordSha256) => {
    const data = randomBytes(12 * MIB + 4321);
    const path = join(dir, `big-${String(recordSha256)}.bin`);
    writeFileSync(path, data);
    const key = `big/${String(recordSha256)}.bin`;
    const up = uploader();
    try {
      const out = await up.upload({
        path,
        size: data.length,
        key,
        headers: { contentType: 'application/octet-stream', metadata: {} },
        recordSha256,
      });
      expect(out.parts).toBe(3);
    } finally {
      await up.close();
    }
    expect((await body(key)).equals(data)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    // S3's checksum of a multipart object is composite: the CRC32 of the parts' CRC32s, then `-<parts>`
    // on AWS (moto leaves the suffix out). It matches only if every part's CRC32 was that of its bytes.
    const partCrcs = [0, 1, 2].map((i) => crcBytes(data.subarray(i * 5 * MIB, (i + 1) * 5 * MIB)));
    const composite = crcBytes(Buffer.concat(partCrcs)).toString('base64');
    expect(head.ChecksumCRC32?.replace(/-3$/, '')).toBe(composite);
  });
});
