import { CancelledError } from '../errors.js';

/**
 * An in-flight limit that finds the concurrency a link rewards, between 1 and an upper bound.
 *
 * Work is measured in windows: a window starts when the limit changes and closes once `window × limit`
 * tasks started inside it have finished (tasks started before it ran under another limit and are
 * not counted). `window` is 2 by default: small files on loopback need two rounds for a steady
 * reading. A single round that lasted `STEADY_MS` or more also closes a window: against a distant store
 * each task takes that long anyway. Each closed window gives a throughput (units per second) and a
 * mean latency.
 *
 * - Probing: while a doubled limit raised throughput by more than `GROWTH` (or kept it while latency
 *   stayed flat: nothing is queueing), the limit doubles again. The first doubling that does neither
 *   goes back to the best limit seen, and the limit holds there.
 *   On loopback, where one core is the bottleneck, that is the start value; against a store 25 ms
 *   away, it is where the link or the CPU saturates.
 * - Holding: a window with a throttled or failed task halves the limit (S3 answers `503 SlowDown`
 *   when a prefix gets more requests than it can take; the SDK retries it, which shows as more
 *   than one attempt); latency grown past twice its floor while throughput fell cuts it by a
 *   quarter; otherwise it creeps back up by one per window towards the best limit found.
 *
 * The clock is injected so tests drive it without waiting.
 */

/** A doubled limit must raise throughput by at least this fraction to be kept. */
const GROWTH = 0.15;
/** A window of one round that lasted this long (ms) is read as steady (see `steadyAfterOneRound`). */
const STEADY_MS = 20;
/** Latency this many times its floor, with throughput down, counts as a queue building up. */
const LATENCY_GROWTH = 2;

export type TaskOutcome = 'ok' | 'throttled' | 'error';

export interface AdaptiveLimitOptions {
  /** The limit to start at (clamped to 1…max). */
  initial: number;
  /** The upper bound the user set; never exceeded. */
  max: number;
  /** Milliseconds; `performance.now` unless a test gives its own. */
  now?: () => number;
  /** Rounds of the limit per measuring window (default 2). */
  window?: number;
}

/** Handed out by `acquire`, given back to `release`. */
export interface Ticket {
  readonly startedAt: number;
  readonly window: number;
}

export class AdaptiveLimit {
  private current: number;
  private readonly max: number;
  private readonly now: () => number;
  private readonly rounds: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private phase: 'probing' | 'holding' = 'probing';
  private best = { rate: 0, limit: 1, latency: Infinity };
  private latencyFloor = Infinity;
  /** The window being measured. */
  private window = { id: 0, startedAt: 0, samples: 0, units: 0, latency: 0, trouble: false };

  constructor(options: AdaptiveLimitOptions) {
    this.max = Math.max(1, Math.floor(options.max));
    this.current = Math.min(this.max, Math.max(1, Math.floor(options.initial)));
    this.now = options.now ?? (() => performance.now());
    this.rounds = Math.max(1, options.window ?? 2);
    if (this.current === this.max) this.phase = 'holding';
    this.best.limit = this.current;
    this.window.startedAt = this.now();
  }

  /** The limit in force now. */
  get limit(): number {
    return this.current;
  }

  /** Waits for a free slot. */
  async acquire(): Promise<Ticket> {
    while (this.inFlight >= this.current) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    return { startedAt: this.now(), window: this.window.id };
  }

  /** Gives a slot back; `units` is the work the task did (bytes, or 1 per file). */
  release(ticket: Ticket, units: number, outcome: TaskOutcome = 'ok'): void {
    this.inFlight--;
    const w = this.window;
    if (ticket.window === w.id) {
      w.samples++;
      w.units += units;
      w.latency += this.now() - ticket.startedAt;
      if (outcome !== 'ok') w.trouble = true;
      if (w.trouble || w.samples >= this.rounds * this.current || this.steadyAfterOneRound(w))
        this.closeWindow();
    } else if (outcome !== 'ok' && !w.trouble) {
      // Trouble is acted on at once, whichever limit the task started under.
      w.trouble = true;
      this.closeWindow();
    }
    this.wake();
  }

  /**
   * One round is a steady reading too once it has lasted `STEADY_MS`: then each task took about that
   * long (a store that far away), and jitter of a millisecond or two no longer decides the reading.
   */
  private steadyAfterOneRound(w: { samples: number; startedAt: number }): boolean {
    return w.samples >= this.current && this.now() - w.startedAt >= STEADY_MS;
  }

  private closeWindow(): void {
    const w = this.window;
    const elapsed = Math.max(1e-3, this.now() - w.startedAt);
    const rate = w.units / elapsed;
    const latency = w.samples ? w.latency / w.samples : 0;
    if (w.samples) this.latencyFloor = Math.min(this.latencyFloor, latency);
    let next = this.current;
    if (w.trouble) {
      next = Math.max(1, Math.floor(this.current / 2));
      this.phase = 'holding';
      this.best = { rate: 0, limit: Math.max(next, Math.floor(this.best.limit / 2)), latency: Infinity };
    } else if (this.phase === 'probing') {
      // More in flight paid, or cost nothing: throughput held while latency did not grow, so
      // requests are not queueing anywhere and the link has room (a throughput reading alone is
      // noisy on a busy runner).
      const paid = rate > this.best.rate * (1 + GROWTH);
      const free =
        rate >= this.best.rate * (1 - GROWTH / 3) && latency <= this.best.latency * (1 + GROWTH * 2);
      if (paid || free) {
        this.best = { rate: Math.max(rate, this.best.rate), limit: this.current, latency };
        if (this.current >= this.max) this.phase = 'holding';
        else next = Math.min(this.max, this.current * 2);
      } else {
        next = this.best.limit;
        this.phase = 'holding';
      }
    } else if (latency > LATENCY_GROWTH * this.latencyFloor && rate < this.best.rate * (1 - GROWTH)) {
      next = Math.max(1, this.current - Math.ceil(this.current / 4));
    } else {
      if (rate > this.best.rate)
        this.best = { rate, limit: Math.max(this.best.limit, this.current), latency };
      if (this.current < this.best.limit) next = this.current + 1;
    }
    this.current = next;
    this.window = {
      id: w.id + 1,
      startedAt: this.now(),
      samples: 0,
      units: 0,
      latency: 0,
      trouble: false,
    };
  }

  private wake(): void {
    // A woken waiter checks again, so waking one per free slot is enough.
    const free = this.current - this.inFlight;
    if (free > 0) for (const resolve of this.waiting.splice(0, free)) resolve();
  }
}

/**
 * Runs `fn` for every item, as many at once as the limit allows. On the first failure it stops
 * starting work, calls `onFailure` (to abort what is in flight), waits for everything in flight to
 * settle and only then rethrows, so a caller's clean-up never races requests still running. `stop`
 * ends the run early without an error.
 */
export async function forEachAdaptive<T>(
  items: readonly T[],
  limit: AdaptiveLimit,
  fn: (item: T) => Promise<{ units: number; outcome: TaskOutcome }>,
  options: { signal?: AbortSignal; onFailure?: (err: unknown) => void; stop?: () => boolean } = {},
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  for (const item of items) {
    const ticket = await limit.acquire();
    if (failure || options.stop?.()) {
      limit.release(ticket, 0);
      break;
    }
    if (options.signal?.aborted) {
      limit.release(ticket, 0);
      failure = { err: new CancelledError() };
      options.onFailure?.(failure.err);
      break;
    }
    const task: Promise<void> = fn(item)
      .then(
        (r) => limit.release(ticket, r.units, r.outcome),
        (err: unknown) => {
          limit.release(ticket, 0, 'error');
          if (!failure) {
            failure = { err };
            options.onFailure?.(err);
          }
        },
      )
      .finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.all(running);
  if (failure) throw failure.err;
}
