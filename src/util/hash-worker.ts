import { Worker } from 'node:worker_threads';

/**
 * A SHA-256 that runs on a worker thread, fed from shared memory: the main thread hands over a view
 * of a SharedArrayBuffer (no copy) and goes on with its own work — reading the next chunk, hashing
 * parts — while the worker updates the digest. The worker is plain CommonJS evaluated from this
 * string, so the bundle needs no second entry file.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  let hash = hashes.get(m.id);
  if (!hash) hashes.set(m.id, (hash = createHash('sha256')));
  if (m.op === 'update') {
    hash.update(new Uint8Array(m.buffer, m.offset, m.length));
    parentPort.postMessage({ seq: m.seq });
  } else {
    hashes.delete(m.id);
    parentPort.postMessage({ seq: m.seq, hex: hash.digest('hex') });
  }
});
`;

interface Reply {
  seq: number;
  hex?: string;
}

/** A buffer the worker can read without a copy. */
export function sharedBuffer(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

export class HashWorker {
  private worker?: Worker;
  private seq = 0;
  private ids = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  private call(message: Record<string, unknown>): Promise<Reply> {
    if (!this.worker) {
      const worker = new Worker(SOURCE, { eval: true });
      worker.unref();
      worker.on('message', (r: Reply) => {
        this.waiting.get(r.seq)?.resolve(r);
        this.waiting.delete(r.seq);
      });
      const fail = (err: Error): void => {
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
        this.worker = undefined;
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the hashing worker stopped (exit ${code})`)));
      this.worker = worker;
    }
    const seq = ++this.seq;
    const reply = new Promise<Reply>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    this.worker.postMessage({ ...message, seq });
    return reply;
  }

  /** A new running digest. */
  begin(): { update(buffer: Buffer, length: number): Promise<void>; digest(): Promise<string> } {
    const id = ++this.ids;
    return {
      update: async (buffer, length) => {
        if (!(buffer.buffer instanceof SharedArrayBuffer))
          throw new TypeError('HashWorker needs a buffer made by sharedBuffer()');
        await this.call({ op: 'update', id, buffer: buffer.buffer, offset: buffer.byteOffset, length });
      },
      digest: async () => (await this.call({ op: 'digest', id })).hex!,
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
