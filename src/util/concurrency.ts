import { CancelledError } from '../errors.js';

/**
 * The one bounded-concurrency pool: at most `limit` tasks run at once. `start` waits for a free slot,
 * so a producer that feeds it (a listing, a loop over files) pauses instead of piling work up.
 * Tasks must handle their own errors: the pool only counts them.
 */
export class Pool {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  /**
   * Waits for a free slot; then, if `wanted()` still says so, starts `task` and resolves true (without
   * waiting for it to finish). `wanted` may throw to refuse the task with an error.
   */
  async start(task: () => Promise<void>, wanted: () => boolean = () => true): Promise<boolean> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (!wanted()) return false;
    const run: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return true;
  }

  /** Waits for every task started so far. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
  }
}

export interface MapLimitOptions {
  /** Once aborted, no new item starts and the map rejects with CancelledError. */
  signal?: AbortSignal;
  /** Called once, on the first failure (to abort what is in flight). */
  onFailure?: (err: unknown) => void;
}

/**
 * Maps with at most `limit` calls in flight; results keep the input order. On the first failure (or
 * the cancellation) it stops starting work, calls `onFailure`, waits for everything in flight to
 * settle, and only then rethrows the first error, so a caller's clean-up never races requests still
 * running.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  options: MapLimitOptions = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const pool = new Pool(limit);
  let failure: { err: unknown } | undefined;
  const fail = (err: unknown): void => {
    if (failure) return;
    failure = { err };
    options.onFailure?.(err);
  };
  const wanted = (): boolean => {
    if (options.signal?.aborted) failure ??= { err: new CancelledError() };
    return !failure;
  };
  for (let index = 0; index < items.length && !failure; index++) {
    const i = index;
    const task = async (): Promise<void> => {
      try {
        results[i] = await fn(items[i]!, i);
      } catch (err) {
        fail(err);
      }
    };
    if (!(await pool.start(task, wanted))) break;
  }
  await pool.drain();
  if (failure) throw failure.err;
  return results;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
