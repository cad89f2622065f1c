import { backoffDelayInMs } from '../shared/backoff.js';

/** Ceiling of one reschedule delay: a command waiting longer than this is better tried and asked again. */
const MAX_RESCHEDULE_DELAY_IN_MS = 15 * 60_000;
const BASE_DELAY_IN_MS = 2_000;

/**
 * Delay before retry `attempt + 1` (`attempt` counts from 1): the service's Retry-After when it gave one
 * (never less), else the shared exponential backoff with jitter, because the Speech docs list 429
 * without promising Retry-After.
 */
export function retryDelayInMs(
  attempt: number,
  retryAfterInMs: number | undefined,
  random = Math.random,
): number {
  if (retryAfterInMs !== undefined && retryAfterInMs > 0)
    return Math.min(retryAfterInMs, MAX_RESCHEDULE_DELAY_IN_MS);
  return backoffDelayInMs(attempt - 1, BASE_DELAY_IN_MS, MAX_RESCHEDULE_DELAY_IN_MS, random);
}
