/** Ceiling of one retry delay: Node turns timers above 2^31-1 ms into 1 ms, and nobody waits a day. */
const MAX_RETRY_DELAY_IN_MS = 15 * 60_000;
const BASE_DELAY_IN_MS = 2_000;

/**
 * Delay before retry `attempt + 1`: the service's Retry-After when it gave one (never less), else
 * exponential backoff with full jitter, because the Speech docs list 429 without promising Retry-After.
 */
export function retryDelayInMs(
  attempt: number,
  retryAfterInMs: number | undefined,
  random = Math.random,
): number {
  if (retryAfterInMs !== undefined && retryAfterInMs > 0)
    return Math.min(retryAfterInMs, MAX_RETRY_DELAY_IN_MS);
  const ceiling = Math.min(MAX_RETRY_DELAY_IN_MS, BASE_DELAY_IN_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(BASE_DELAY_IN_MS / 2, Math.round(ceiling * random()));
}
