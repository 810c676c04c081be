import { ByteBudget } from '../util/byte-budget.js';
import { sharedBuffer } from '../util/hash-worker.js';

/**
 * Part-sized buffers in shared memory (the hashing worker reads them without a copy), reused from
 * part to part and from file to file, all of them inside one memory budget: nothing is allocated, or
 * collected, per part, and however many files and parts are in flight, their buffers never take
 * more than the budget. A part waits for a buffer when the budget is spent; buffers go to waiters in
 * the order they asked. Nobody holds one buffer while waiting for another, so waiting cannot deadlock.
 */
export class PartBuffers {
  private readonly free = new Map<number, Buffer[]>();
  private readonly waiting: Array<{ size: number; resolve: (buffer: Buffer) => void }> = [];
  readonly budget: ByteBudget;

  constructor(budgetBytes: number) {
    this.budget = new ByteBudget(budgetBytes);
  }

  take(size: number): Promise<Buffer> {
    const now = this.waiting.length ? undefined : this.takeNow(size);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => this.waiting.push({ size, resolve }));
  }

  give(buffer: Buffer): void {
    const list = this.free.get(buffer.length);
    if (list) list.push(buffer);
    else this.free.set(buffer.length, [buffer]);
    while (this.waiting.length) {
      const next = this.takeNow(this.waiting[0]!.size);
      if (!next) break;
      this.waiting.shift()!.resolve(next);
    }
  }

  private takeNow(size: number): Buffer | undefined {
    const reused = this.free.get(size)?.pop();
    if (reused) return reused;
    if (!this.budget.tryTake(size)) {
      // Idle buffers of another size (a file so large its parts grew) make room for this one.
      for (const [other, list] of this.free)
        if (other !== size) {
          this.budget.give(other * list.length);
          this.free.delete(other);
        }
      if (!this.budget.tryTake(size)) return undefined;
    }
    return sharedBuffer(size);
  }
}
