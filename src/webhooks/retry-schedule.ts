/**
 * When to try an outbound webhook again: the rule, without I/O, so it can be read and tested on its own.
 * Retried: network failures, 408, 429 and 5xx (the receiver may recover). Not retried: other statuses,
 * because sending the same request again would get the same answer.
 */

export interface RetryScheduleOptions {
  /** First backoff; doubled on each further retry. */
  baseDelayInMs: number;
  /** Ceiling of the exponential backoff. */
  maxDelayInMs: number;
  /** Ceiling of a receiver's `Retry-After`, so one slow receiver cannot hold a worker for long. */
  maxRetryAfterInMs: number;
}

export interface AttemptResult {
  /** HTTP status, absent when no response came back (connection refused, reset, timeout). */
  status?: number;
  /** The raw `Retry-After` header of the response, if any. */
  retryAfter?: string;
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Milliseconds to wait before retry number `retryIndex + 1`, or `undefined` when the attempt must not be
 * retried. `random` (0..1) spreads retries of many senders apart; `now` dates an HTTP-date `Retry-After`.
 */
export function retryDelayInMs(
  attempt: AttemptResult,
  retryIndex: number,
  options: RetryScheduleOptions,
  random: () => number = Math.random,
  now: Date = new Date(),
): number | undefined {
  if (attempt.status !== undefined && !isRetryableStatus(attempt.status)) return undefined;
  const retryAfterInMs =
    attempt.retryAfter === undefined ? undefined : parseRetryAfterInMs(attempt.retryAfter, now);
  if (retryAfterInMs !== undefined) return Math.min(retryAfterInMs, options.maxRetryAfterInMs);
  const ceiling = Math.min(options.maxDelayInMs, options.baseDelayInMs * 2 ** retryIndex);
  // "Equal jitter": at least half the backoff, so retries still slow down, plus a random other half.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After` as delta-seconds or an HTTP date; `undefined` when it is neither. */
export function parseRetryAfterInMs(value: string, now: Date): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
