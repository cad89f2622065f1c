import { delayBeforeRetryInMs, type RetryPolicy } from '../shared/backoff.js';
import { parseRetryAfterValue } from '../shared/retry-after.js';
import { isRetryableStatus } from '../shared/retryable-status.js';

/**
 * When to try an outbound webhook again: the rule, without I/O, so it can be read and tested on its own.
 * Retried: network failures and the statuses of `isRetryableStatus` (408, 429, 5xx but 501/505: the
 * receiver may recover). Not retried: other statuses, because sending the same request again would get
 * the same answer.
 */

/** First backoff (doubled on each further retry), its ceiling, and the ceiling of a receiver's `Retry-After`. */
export type RetryScheduleOptions = RetryPolicy;

export interface AttemptResult {
  /** HTTP status, absent when no response came back (connection refused, reset, timeout). */
  status?: number;
  /** The raw `Retry-After` header of the response, if any. */
  retryAfter?: string;
}

/**
 * Milliseconds to wait before retry number `retryIndex + 1`, or `undefined` when the attempt must not be
 * retried. `random` (0..1) spreads retries of many senders apart; `now` dates an HTTP-date `Retry-After`.
 */
export function webhookRetryDelayInMs(
  attempt: AttemptResult,
  retryIndex: number,
  options: RetryScheduleOptions,
  random: () => number = Math.random,
  now: Date = new Date(),
): number | undefined {
  if (attempt.status !== undefined && !isRetryableStatus(attempt.status)) return undefined;
  const retryAfterInMs =
    attempt.retryAfter === undefined ? undefined : parseRetryAfterValue(attempt.retryAfter, now);
  return delayBeforeRetryInMs(retryIndex, retryAfterInMs, options, random);
}
