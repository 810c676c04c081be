import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../../src/aws/client-factory.js';
import { isolateAwsEnv, loopbackFactory } from './helpers.js';

/**
 * The bulk S3 client sends single PutObjects without per-call options (so the SDK keeps its resolved
 * middleware); the job's cancellation must still cut its requests, at the HTTP handler.
 */
let server: Server;
let requests: number;
let holdReplies: boolean;
let restoreEnv: () => void;
let factory: ClientFactory | undefined;

beforeEach(async () => {
  restoreEnv = isolateAwsEnv();
  requests = 0;
  holdReplies = false;
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      if (!holdReplies) res.writeHead(200, { ETag: `"e${requests}"` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  factory?.destroy();
  factory = undefined;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  restoreEnv();
});

function make(signal: AbortSignal): ClientFactory {
  factory = loopbackFactory(server, { signal });
  return factory;
}

const put = (key: string) => new PutObjectCommand({ Bucket: 'b', Key: key, Body: Buffer.from(key) });

describe('the bulk S3 client', () => {
  it('reuses one resolved middleware stack for every PutObject', async () => {
    const bulk = make(new AbortController().signal).s3Bulk();
    expect(bulk).toBe(factory!.s3Bulk());
    expect(bulk).not.toBe(factory!.s3());
    const out = await Promise.all(['a', 'b', 'c'].map((k) => bulk.send(put(k))));
    expect(out.map((o) => o.ETag).sort()).toEqual(['"e1"', '"e2"', '"e3"']);
    expect((bulk.config as { cacheMiddleware?: boolean }).cacheMiddleware).toBe(true);
  });

  it('cuts a request in flight when the job is cancelled, though the call passed no signal', async () => {
    const job = new AbortController();
    const bulk = make(job.signal).s3Bulk();
    holdReplies = true;
    const sending = bulk.send(put('held'));
    while (requests === 0) await new Promise((r) => setTimeout(r, 10));
    job.abort();
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sends nothing once the job is cancelled', async () => {
    const job = new AbortController();
    job.abort();
    await expect(make(job.signal).s3Bulk().send(put('late'))).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toBe(0);
  });

  it('leaves the ordinary client alone: only a per-call signal cuts its requests', async () => {
    const job = new AbortController();
    job.abort();
    const out = await make(job.signal).s3().send(put('ordinary'));
    expect(out.ETag).toBe('"e1"');
  });
});
