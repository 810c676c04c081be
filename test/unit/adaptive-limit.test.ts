/**
 * The adaptive in-flight limit, driven by a simulated link and an injected clock (no real waiting):
 * it must find the concurrency a distant store rewards, stay put where the CPU is the bottleneck,
 * back off on throttling, and never pass the user's upper bound.
 */
import { describe, expect, it } from '@jest/globals';
import { AdaptiveLimit, forEachAdaptive, type TaskOutcome } from '../../src/util/adaptive-limit.js';

/** A link: how long a task takes with `n` in flight, and whether it is throttled. */
interface Link {
  latencyMs(n: number): number;
  throttled?(n: number): boolean;
}

/**
 * Runs `tasks` unit tasks through the limit on simulated time: keeps the limit full, moves the clock
 * to the next completion, releases it. Returns the rate (tasks/s) and the limits seen.
 */
async function simulate(link: Link, tasks: number, initial: number, max: number, window?: number) {
  let now = 0;
  const limit = new AdaptiveLimit({ initial, max, now: () => now, window });
  const running: Array<{
    at: number;
    ticket: Awaited<ReturnType<AdaptiveLimit['acquire']>>;
    outcome: TaskOutcome;
  }> = [];
  const limits: number[] = [];
  let started = 0;
  while (started < tasks || running.length) {
    while (started < tasks && running.length < limit.limit) {
      const ticket = await limit.acquire();
      const n = running.length + 1;
      running.push({
        at: now + link.latencyMs(n),
        ticket,
        outcome: link.throttled?.(n) ? 'throttled' : 'ok',
      });
      started++;
    }
    running.sort((a, b) => a.at - b.at);
    const next = running.shift()!;
    now = next.at;
    limit.release(next.ticket, 1, next.outcome);
    limits.push(limit.limit);
  }
  return { rate: (tasks / now) * 1000, limits, final: limit.limit };
}

/** The same link at a fixed concurrency, for the best-fixed-setting comparison. */
async function fixed(link: Link, tasks: number, n: number) {
  return simulate(link, tasks, n, n);
}

// 25 ms away, one core that can do 1 ms of work per request: latency-bound up to ~25 in flight.
const remote: Link = { latencyMs: (n) => Math.max(25, n * 1) };
// Loopback: the CPU is the bottleneck from the start; more in flight only queues.
const loopback: Link = { latencyMs: (n) => n * 1 };

describe('AdaptiveLimit', () => {
  it('against a distant store it grows to where throughput stops growing, within 90% of the best fixed setting', async () => {
    const adaptive = await simulate(remote, 4000, 8, 64);
    let best = 0;
    for (const n of [8, 16, 24, 32, 48, 64]) best = Math.max(best, (await fixed(remote, 4000, n)).rate);
    expect(adaptive.final).toBeGreaterThanOrEqual(24);
    expect(adaptive.rate).toBeGreaterThanOrEqual(0.9 * best);
  });

  it('where the CPU is the bottleneck it stays at its start value (more in flight would only queue)', async () => {
    const adaptive = await simulate(loopback, 4000, 8, 64);
    expect(adaptive.final).toBe(8);
    expect(Math.max(...adaptive.limits)).toBeLessThanOrEqual(16);
    expect(adaptive.rate).toBeGreaterThanOrEqual(0.9 * (await fixed(loopback, 4000, 8)).rate);
  });

  it('one round that lasted 20 ms or more is a steady reading; shorter rounds need two', async () => {
    // Small files 25 ms away: the limit doubles after the first round of 16.
    expect((await simulate(remote, 200, 16, 64)).limits[15]).toBe(32);
    // Parts 25 ms + 140 ms (8 MiB at 60 MB/s) away: the same after one round.
    const parts: Link = { latencyMs: (n) => Math.max(165, n * 5) };
    expect((await simulate(parts, 32, 16, 32)).limits[15]).toBe(32);
    // Files of a millisecond on loopback: one round of 16 is 16 ms, noise; the window waits for two.
    const quick: Link = { latencyMs: () => 1 };
    const short = await simulate(quick, 200, 16, 64);
    expect(short.limits[15]).toBe(16);
    expect(short.limits[31]).toBe(32);
    // `window: 1` steps after one round however short it was.
    expect((await simulate(quick, 200, 16, 64, 1)).limits[15]).toBe(32);
    // 128 parts (1 GiB): within 80 % of 32 fixed (the first round at 16 is the price of finding out).
    const gib = await simulate(parts, 128, 16, 32, 1);
    expect(gib.rate).toBeGreaterThanOrEqual(0.8 * (await fixed(parts, 128, 32)).rate);
  });

  it('never goes above the upper bound the user set', async () => {
    const adaptive = await simulate(remote, 2000, 8, 12);
    expect(Math.max(...adaptive.limits)).toBe(12);
  });

  it('halves on throttling (503 SlowDown retried) and does not climb back past where it was throttled', async () => {
    const throttling: Link = { latencyMs: () => 25, throttled: (n) => n > 20 };
    const adaptive = await simulate(throttling, 4000, 8, 64);
    expect(adaptive.limits).toContain(16);
    const afterFirstThrottle = adaptive.limits.slice(adaptive.limits.indexOf(32) + 1);
    expect(afterFirstThrottle.length).toBeGreaterThan(0);
    expect(Math.max(...afterFirstThrottle.slice(-100))).toBeLessThanOrEqual(20);
  });

  it('backs off when latency grows while throughput falls', async () => {
    let now = 0;
    const limit = new AdaptiveLimit({ initial: 8, max: 8, now: () => now });
    const round = async (latency: number) => {
      const tickets = [];
      for (let i = 0; i < limit.limit; i++) tickets.push(await limit.acquire());
      now += latency;
      for (const t of tickets) limit.release(t, 1);
    };
    for (let i = 0; i < 4; i++) await round(10);
    expect(limit.limit).toBe(8);
    for (let i = 0; i < 6; i++) await round(100);
    expect(limit.limit).toBeLessThan(8);
  });

  it('acquire waits for a free slot and release hands it on', async () => {
    const limit = new AdaptiveLimit({ initial: 1, max: 1, now: () => 0 });
    const first = await limit.acquire();
    let second = false;
    const waiting = limit.acquire().then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    limit.release(first, 1);
    await waiting;
    expect(second).toBe(true);
  });
});

describe('forEachAdaptive', () => {
  it('on a failure stops starting, waits for what is in flight, then rethrows the first error', async () => {
    const limit = new AdaptiveLimit({ initial: 2, max: 2, now: () => 0 });
    const events: string[] = [];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const run = forEachAdaptive(
      [1, 2, 3, 4],
      limit,
      async (i) => {
        events.push(`start ${i}`);
        if (i === 1) {
          await slow;
          events.push('1 settled');
          return { units: 1, outcome: 'ok' as const };
        }
        throw new Error(`failed ${i}`);
      },
      { onFailure: () => release() },
    );
    await expect(run).rejects.toThrow('failed 2');
    expect(events).toEqual(['start 1', 'start 2', '1 settled']);
  });

  it('stop() ends the run early without an error', async () => {
    const limit = new AdaptiveLimit({ initial: 1, max: 1, now: () => 0 });
    const seen: number[] = [];
    await forEachAdaptive(
      [1, 2, 3],
      limit,
      async (i) => {
        seen.push(i);
        return { units: 1, outcome: 'ok' as const };
      },
      { stop: () => seen.length >= 2 },
    );
    expect(seen).toEqual([1, 2]);
  });
});
