import { isRetryable } from '../aws/classify.js';
import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError } from '../errors.js';

export interface BackoffOptions {
  maxAttempts: number;
  /** Base delay; attempt n waits a random time up to base·2ⁿ (full jitter), capped. */
  baseMs?: number;
  capMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retryable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
}

/** Settles with `promise`, or rejects with CancelledError the moment `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // The dropped promise may still reject: without a handler that is an unhandled rejection (a crash).
    promise.catch(() => undefined);
    return Promise.reject(new CancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs, or attempts run out. Each call of
 * `attempt` must build its request afresh (for web identity: mint a new token), so no attempt ever
 * reuses a stale one.
 */
export async function withBackoff<T>(
  attempt: (n: number) => Promise<T>,
  options: BackoffOptions,
): Promise<T> {
  const { maxAttempts, baseMs = 200, capMs = 10_000, random = Math.random } = options;
  // The real wait ends at once when the job is cancelled (the AbortError becomes CancelledError).
  const sleep =
    options.sleep ??
    ((ms: number) =>
      delay(ms, undefined, { signal: options.signal }).catch((err: unknown) => {
        throw options.signal?.aborted ? new CancelledError() : err;
      }));
  const retryable = options.retryable ?? isRetryable;
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw new CancelledError();
    try {
      return await abortable(attempt(n), options.signal);
    } catch (err) {
      if (n >= maxAttempts || !retryable(err) || options.signal?.aborted) throw err;
      const delay = Math.floor(random() * Math.min(capMs, baseMs * 2 ** (n - 1)));
      options.onRetry?.(err, n, delay);
      await abortable(sleep(delay), options.signal);
    }
  }
}
