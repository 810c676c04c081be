import { describe, expect, it } from '@jest/globals';
import { abortable, withBackoff } from '../../src/auth/backoff.js';
import { CancelledError } from '../../src/errors.js';
import { chunk, mapLimit } from '../../src/util/concurrency.js';

const retryable = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
const fatal = Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe('withBackoff', () => {
  it('returns the first success without sleeping', async () => {
    const { sleeps, sleep } = recorder();
    await expect(withBackoff(async (n) => `ok ${n}`, { maxAttempts: 5, sleep })).resolves.toBe('ok 1');
    expect(sleeps).toEqual([]);
  });

  it('retries retryable errors and passes the attempt number', async () => {
    const { sleeps, sleep } = recorder();
    const seen: number[] = [];
    const result = await withBackoff(
      async (n) => {
        seen.push(n);
        if (n < 3) throw retryable;
        return 'done';
      },
      { maxAttempts: 5, sleep, random: () => 0.5, baseMs: 100 },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    // Full jitter: random · base · 2^(n-1).
    expect(sleeps).toEqual([50, 100]);
  });

  it('caps the delay', async () => {
    const { sleeps, sleep } = recorder();
    await expect(
      withBackoff(
        async () => {
          throw retryable;
        },
        { maxAttempts: 8, sleep, random: () => 0.999999, baseMs: 1000, capMs: 3000 },
      ),
    ).rejects.toBe(retryable);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(3000);
    expect(sleeps).toHaveLength(7);
  });

  it('stops after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(
      withBackoff(
        async () => {
          calls++;
          throw retryable;
        },
        { maxAttempts: 3, sleep: async () => {}, random: () => 0 },
      ),
    ).rejects.toBe(retryable);
    expect(calls).toBe(3);
  });

  it('fails at once on a non-retryable error', async () => {
    let calls = 0;
    await expect(
      withBackoff(
        async () => {
          calls++;
          throw fatal;
        },
        { maxAttempts: 10, sleep: async () => {} },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('uses a custom retryable predicate and reports each retry', async () => {
    const retries: Array<[number, number]> = [];
    let calls = 0;
    await withBackoff(
      async () => {
        if (++calls < 3) throw new Error('custom');
        return 1;
      },
      {
        maxAttempts: 5,
        sleep: async () => {},
        random: () => 0,
        retryable: (err) => (err as Error).message === 'custom',
        onRetry: (_err, attempt, delay) => retries.push([attempt, delay]),
      },
    );
    expect(retries).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('throws CancelledError when the signal is already aborted, without an attempt', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      withBackoff(async () => ++calls, { maxAttempts: 3, signal: controller.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBe(0);
  });

  it('does not retry after the signal aborted during an attempt', async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      withBackoff(
        async () => {
          calls++;
          controller.abort();
          throw retryable;
        },
        { maxAttempts: 5, signal: controller.signal, sleep: async () => {} },
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBe(1);
  });
});

describe('abortable attempts', () => {
  it('stops waiting for a hanging attempt the moment the signal aborts', async () => {
    const controller = new AbortController();
    const pending = withBackoff(() => new Promise<never>(() => {}), {
      maxAttempts: 3,
      signal: controller.signal,
    });
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops a backoff sleep the moment the signal aborts', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const pending = withBackoff(
      async () => {
        attempts++;
        throw retryable;
      },
      { maxAttempts: 5, signal: controller.signal, sleep: () => new Promise<void>(() => {}) },
    );
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(attempts).toBe(1);
  });

  it('passes values and errors through while not aborted', async () => {
    const controller = new AbortController();
    await expect(abortable(Promise.resolve(5), controller.signal)).resolves.toBe(5);
    await expect(abortable(Promise.reject(fatal), controller.signal)).rejects.toBe(fatal);
    await expect(abortable(Promise.resolve(6))).resolves.toBe(6);
  });

  it('leaves no unhandled rejection behind when the signal was already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(abortable(Promise.reject(fatal), controller.signal)).rejects.toBeInstanceOf(
        CancelledError,
      );
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('mapLimit and chunk', () => {
  it('keeps at most `limit` calls in flight and the results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 25 }, (_, i) => i);
    const results = await mapLimit(items, 4, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return item * 2;
    });
    expect(peak).toBe(4);
    expect(results).toEqual(items.map((i) => i * 2));
  });

  it('handles an empty list', async () => {
    await expect(mapLimit([], 3, async () => 1)).resolves.toEqual([]);
  });

  it('stops starting work once aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    await expect(
      mapLimit(
        [1, 2, 3, 4, 5],
        1,
        async (i) => {
          started.push(i);
          if (i === 2) controller.abort();
        },
        { signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(started).toEqual([1, 2]);
  });

  it('on a failure stops starting work, tells onFailure once, and rethrows only after the rest settled', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const told: unknown[] = [];
    const boom = new Error('boom');
    await expect(
      mapLimit(
        [1, 2, 3, 4, 5, 6],
        2,
        async (i) => {
          started.push(i);
          await new Promise((r) => setTimeout(r, i === 2 ? 20 : 1));
          settled.push(i);
          if (i === 1) throw boom;
        },
        { onFailure: (err) => told.push(err) },
      ),
    ).rejects.toBe(boom);
    expect(told).toEqual([boom]);
    expect(started).toEqual([1, 2]);
    // Item 2 was in flight when item 1 failed: it finished before the map rejected.
    expect(settled).toEqual([1, 2]);
  });

  it('chunks into slices of at most `size`', () => {
    const sizes = chunk(
      Array.from({ length: 45 }, (_, i) => i),
      20,
    ).map((c) => c.length);
    expect(sizes).toEqual([20, 20, 5]);
    expect(chunk([], 20)).toEqual([]);
  });
});
