/**
 * How long a service asked us to wait, from its response headers. Pure: the clock is a parameter.
 */

/**
 * Ceiling of any wait we take from a service or compute ourselves: Node turns timers above 2^31-1 ms
 * into 1 ms, and a service asking for more than an hour is better asked again than obeyed.
 */
export const MAX_RETRY_DELAY_IN_MS = 60 * 60_000;

/** Something that reads a response header by (case-insensitive) name. */
export interface HeaderReader {
  get(name: string): string | undefined;
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` or `x-ms-retry-after-ms` (milliseconds) first,
 * then `Retry-After` as delta-seconds or an HTTP date (RFC 9110 10.2.3). A date in the past means 0.
 * Undefined when no header holds a usable value. Capped at `MAX_RETRY_DELAY_IN_MS`.
 */
export function parseRetryAfterInMs(headers: HeaderReader, now: Date = new Date()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms'] as const) {
    const milliseconds = parseNonNegativeNumber(headers.get(name));
    if (milliseconds !== undefined) return capDelayInMs(milliseconds);
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  const seconds = parseNonNegativeNumber(retryAfter);
  if (seconds !== undefined) return capDelayInMs(seconds * 1000);
  // Only a string that looks like a date: Date.parse also accepts bare numbers like "-5" or "12".
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const at = Date.parse(retryAfter);
  if (Number.isNaN(at)) return undefined;
  return capDelayInMs(at - now.getTime());
}

/** Clamps a delay into [0, MAX_RETRY_DELAY_IN_MS] and rounds it up to whole milliseconds. */
export function capDelayInMs(delayInMs: number): number {
  if (!Number.isFinite(delayInMs)) return MAX_RETRY_DELAY_IN_MS;
  return Math.min(MAX_RETRY_DELAY_IN_MS, Math.max(0, Math.ceil(delayInMs)));
}

function parseNonNegativeNumber(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
