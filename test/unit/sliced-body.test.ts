/**
 * Large bodies over HTTPS go as a stream of slices (so TLS encrypts a slice at a time, not a whole
 * part), built afresh for every attempt; everything else goes as it is.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { slicedBodyPlugin } from '../../src/aws/sliced-body.js';

/** Stands in for the SDK's HttpRequest: the middleware must keep a request's class and fields. */
class HttpRequest {
  protocol!: string;
  hostname!: string;
  method!: string;
  path!: string;
  headers!: Record<string, string>;
  body?: unknown;
  constructor(options: Omit<HttpRequest, never>) {
    Object.assign(this, options);
  }
}

type Next = (args: { request: unknown }) => Promise<{ output: object; response: unknown }>;
type Middleware = (next: Next) => (args: { request: unknown; input: object }) => Promise<unknown>;

function middleware(): Middleware {
  let captured: Middleware | undefined;
  slicedBodyPlugin.applyToStack({ addRelativeTo: (mw: Middleware) => (captured = mw) } as never);
  return captured!;
}

/** Runs the middleware on a request and returns what the next handler got. */
async function sent(request: HttpRequest): Promise<HttpRequest> {
  let got: HttpRequest | undefined;
  await middleware()(async (args) => {
    got = args.request as HttpRequest;
    return { output: {}, response: {} };
  })({ request, input: {} });
  return got!;
}

async function drain(body: Readable): Promise<{ bytes: Buffer; chunks: number[] }> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return { bytes: Buffer.concat(chunks), chunks: chunks.map((c) => c.length) };
}

const request = (protocol: string, body: Uint8Array): HttpRequest =>
  new HttpRequest({
    protocol,
    hostname: 's3.example',
    method: 'PUT',
    path: '/b/k',
    headers: { a: '1' },
    body,
  });

describe('sliced request bodies', () => {
  it('over HTTPS a body over 256 KiB goes as a stream of 256 KiB slices of the same bytes', async () => {
    const body = randomBytes(3 * 256 * 1024 + 5);
    const original = request('https:', body);
    const out = await sent(original);
    expect(out.body).toBeInstanceOf(Readable);
    const { bytes, chunks } = await drain(out.body as Readable);
    expect(bytes.equals(body)).toBe(true);
    expect(chunks).toEqual([262144, 262144, 262144, 5]);
    // The request the retry loop holds keeps its buffer; headers and the rest are the same.
    expect(original.body).toBe(body);
    expect(out.headers).toEqual({ a: '1' });
    expect(out).toBeInstanceOf(HttpRequest);
    expect(out.path).toBe('/b/k');
  });

  it('every attempt gets its own stream, so a retried request sends the whole body again', async () => {
    const body = randomBytes(600 * 1024);
    const original = request('https:', body);
    const first = await sent(original);
    await drain(first.body as Readable);
    const second = await sent(original);
    expect(second.body).not.toBe(first.body);
    expect((await drain(second.body as Readable)).bytes.equals(body)).toBe(true);
  });

  it('a view into a larger (pooled) buffer sends only its own bytes', async () => {
    const pool = randomBytes(2 * 1024 * 1024);
    const view = pool.subarray(1000, 1000 + 700 * 1024);
    const { bytes } = await drain((await sent(request('https:', view))).body as Readable);
    expect(bytes.equals(view)).toBe(true);
  });

  it('small bodies, and any body over plain HTTP, go as they are', async () => {
    const small = randomBytes(256 * 1024);
    expect((await sent(request('https:', small))).body).toBe(small);
    const large = randomBytes(1024 * 1024);
    const plain = request('http:', large);
    expect(await sent(plain)).toBe(plain);
  });
});
