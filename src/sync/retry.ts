import { isRetryable as isRetryableHttp, readRetryAfterMs } from "./clients/http-errors.ts";

export interface RetryOptions {
  /** Total tries including the first (default 5). */
  readonly maxAttempts?: number;
  /** Cap of the first backoff window in ms (default 250); it doubles each attempt. */
  readonly baseDelayMs?: number;
  /** Largest wait between attempts in ms (default 8000). */
  readonly maxDelayMs?: number;
  /** Injected so unit tests never really sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected so jitter is deterministic in tests; returns [0, 1). */
  readonly random?: () => number;
  readonly isRetryable?: (err: unknown) => boolean;
}

export type RetryOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number };

export const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The wait before retry number `attempt` (1 = first retry): "full jitter"
 * exponential backoff, a uniform pick in [0, min(max, base * 2^(attempt-1))),
 * so many rules throttled at once spread out instead of retrying in lockstep.
 * A server's Retry-After is honoured as a floor.
 */
export function computeBackoffMs(attempt: number, options: RetryOptions, err?: unknown): number {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8000;
  const window = Math.min(max, base * 2 ** (attempt - 1));
  const jittered = Math.floor((options.random ?? Math.random)() * window);
  const floor = err === undefined ? undefined : readRetryAfterMs(err);
  return floor === undefined ? jittered : Math.min(max, Math.max(floor, jittered));
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or runs out of
 * attempts. Never throws: the outcome says which, with the attempt count for
 * the per-rule report.
 */
export async function retryWithBackoff<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
  onRetry?: (info: { attempt: number; error: unknown; delayMs: number }) => void,
): Promise<RetryOutcome<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const retryable = options.isRetryable ?? isRetryableHttp;
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await fn(attempt), attempts: attempt };
    } catch (error) {
      if (attempt >= maxAttempts || !retryable(error)) return { ok: false, error, attempts: attempt };
      const delayMs = computeBackoffMs(attempt, options, error);
      onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs);
    }
  }
}
