import { delayBeforeRetryInMs, type RetryPolicy } from '../shared/backoff.js';

/**
 * How the executor reschedules a command that failed for a passing reason. Its ceiling: a command waiting
 * longer than 15 minutes is better tried and asked again. Backoff when the service names no wait, because
 * the Speech docs list 429 without promising Retry-After.
 */
const COMMAND_RETRY_POLICY: RetryPolicy = {
  baseDelayInMs: 2_000,
  maxDelayInMs: 15 * 60_000,
  maxRetryAfterInMs: 15 * 60_000,
};

/** Delay before retry `attempt + 1` of a command (`attempt` counts from 1). */
export function commandRetryDelayInMs(
  attempt: number,
  retryAfterInMs: number | undefined,
  random = Math.random,
): number {
  return delayBeforeRetryInMs(attempt - 1, retryAfterInMs, COMMAND_RETRY_POLICY, random);
}
