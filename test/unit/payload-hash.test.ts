import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../../src/aws/client-factory.js';
import {
  declaredPayloadHashPlugin,
  declarePayloadSha256,
  declareUnsignedPayload,
} from '../../src/aws/payload-hash.js';
import { isolateAwsEnv, loopbackFactory } from './helpers.js';

/** A loopback server that records each request's headers and body and answers 200 with an ETag. */
interface Seen {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let seen: Seen[];
let factory: ClientFactory;
let restoreEnv: () => void;

beforeEach(async () => {
  restoreEnv = isolateAwsEnv();
  seen = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { ETag: '"e"' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  factory = loopbackFactory(server);
});

afterEach(async () => {
  factory.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  restoreEnv();
});

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('declared payload hashes', () => {
  it('signs a body without a declared hash with the SHA-256 the signer computes', async () => {
    const body = Buffer.from('hello world');
    await factory.s3().send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['x-amz-content-sha256']).toBe(sha256(body));
  });

  it('sends the declared hash instead of hashing the body again', async () => {
    const body = Buffer.from('declared body');
    // A value the signer could never compute from this body proves that the declared one is used.
    const marker = 'ab'.repeat(32);
    declarePayloadSha256(body, marker);
    await factory.s3().send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body }));
    expect(seen[0]!.headers['x-amz-content-sha256']).toBe(marker);
    expect(seen[0]!.body.equals(body)).toBe(true);
  });

  it('follows the exact buffer: a part sent as a subarray of a pooled buffer keeps its own hash', async () => {
    const pooled = Buffer.alloc(64, 1);
    const part = pooled.subarray(0, 10);
    declarePayloadSha256(part, sha256(part));
    await factory
      .s3()
      .send(new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 1, Body: part }));
    expect(seen[0]!.headers['x-amz-content-sha256']).toBe(sha256(part));
    expect(seen[0]!.body.equals(part)).toBe(true);
    // Another view of the same memory was never declared: the signer hashes it itself.
    const other = pooled.subarray(0, 20);
    await factory
      .s3()
      .send(new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 2, Body: other }));
    expect(seen[1]!.headers['x-amz-content-sha256']).toBe(sha256(other));
  });
});

describe('unsigned payloads', () => {
  /** The plugin's build-step middleware, run on a bare request. */
  async function headersAfterBuild(protocol: string, body: Uint8Array): Promise<Record<string, string>> {
    let middleware:
      ((next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>) | undefined;
    declaredPayloadHashPlugin.applyToStack({ add: (mw: typeof middleware) => (middleware = mw) } as never);
    const request = { protocol, headers: {} as Record<string, string>, body };
    await middleware!(async (args) => args)({ request, input: {} });
    return request.headers;
  }

  it('over HTTPS a body declared unsigned is sent as UNSIGNED-PAYLOAD (its checksum and TLS vouch for it)', async () => {
    const body = Buffer.from('part over tls');
    declareUnsignedPayload(body);
    expect(await headersAfterBuild('https:', body)).toEqual({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
  });

  it('over plain HTTP the same body is signed as usual: nothing else would protect it', async () => {
    const body = Buffer.from('part over plain http');
    declareUnsignedPayload(body);
    expect(await headersAfterBuild('http:', body)).toEqual({});
    // End to end against the loopback server: the signer hashed the bytes itself.
    await factory
      .s3()
      .send(new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u', PartNumber: 1, Body: body }));
    expect(seen[0]!.headers['x-amz-content-sha256']).toBe(sha256(body));
  });
});
