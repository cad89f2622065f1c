/**
 * Exponential backoff with jitter: the one rule for how long to wait before retry number `retryIndex`
 * when the other side named no wait. Pure: the randomness is a parameter.
 */

/**
 * Ceiling of any wait we take from a service or compute ourselves: Node turns timers above 2^31-1 ms
 * into 1 ms, and a service asking for more than an hour is better asked again than obeyed.
 */
export const MAX_RETRY_DELAY_IN_MS = 60 * 60_000;

/** Clamps a delay into [0, MAX_RETRY_DELAY_IN_MS] and rounds it up to whole milliseconds. */
export function capDelayInMs(delayInMs: number): number {
  if (!Number.isFinite(delayInMs)) return MAX_RETRY_DELAY_IN_MS;
  return Math.min(MAX_RETRY_DELAY_IN_MS, Math.max(0, Math.ceil(delayInMs)));
}

/**
 * The wait before retry number `retryIndex` (0 for the first retry): a random wait in the upper half of
 * `base * 2^retryIndex`, never above `ceilingInMs`. The floor of half the step keeps retries from
 * bunching at 0 ms and still slowing down as they repeat; the random half spreads clients that failed
 * together ("equal jitter").
 *
 * Drift resolved here: the executor's reschedule delay used "full jitter" (anywhere in 0..step, with a
 * fixed 1 s floor), so a late retry could come as soon as an early one; the AI clients and the webhook
 * deliveries already used equal jitter, which is kept for all three.
 */
export function backoffDelayInMs(
  retryIndex: number,
  baseDelayInMs: number,
  ceilingInMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(ceilingInMs, baseDelayInMs * 2 ** Math.max(0, retryIndex));
  return capDelayInMs(Math.min(ceilingInMs, step / 2 + (step / 2) * random()));
}

/** How one kind of caller retries: its first backoff step, its backoff ceiling, the longest wait it obeys. */
export interface RetryPolicy {
  baseDelayInMs: number;
  maxDelayInMs: number;
  /** Ceiling of the other side's `Retry-After`, so one slow party cannot park the work for long. */
  maxRetryAfterInMs: number;
}

/**
 * The one rule for the wait before retry number `retryIndex` (0 for the first retry): the other side's
 * Retry-After when it named one (never less, up to the policy's ceiling; 0 means at once, as HTTP says),
 * else the backoff above. Callers bound the number of tries, so a `Retry-After: 0` cannot loop forever.
 */
export function delayBeforeRetryInMs(
  retryIndex: number,
  retryAfterInMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterInMs !== undefined) {
    return Math.min(capDelayInMs(retryAfterInMs), policy.maxRetryAfterInMs);
  }
  return backoffDelayInMs(retryIndex, policy.baseDelayInMs, policy.maxDelayInMs, random);
}
