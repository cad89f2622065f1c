import { capDelayInMs } from './backoff.js';

/**
 * How long the other side of an HTTP call asked us to wait, from its response headers. Pure: the clock
 * is a parameter. Used by the AI clients and by outbound webhook deliveries.
 */

/** Something that reads a response header by (case-insensitive) name. */
export interface HeaderReader {
  get(name: string): string | undefined;
}

/**
 * The wait a response asks for, in ms: `retry-after-ms` or `x-ms-retry-after-ms` (milliseconds) first,
 * then `Retry-After` (see `parseRetryAfterValue`). Undefined when no header holds a usable value.
 * Capped at `MAX_RETRY_DELAY_IN_MS`.
 */
export function parseRetryAfterInMs(headers: HeaderReader, now: Date = new Date()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms'] as const) {
    const milliseconds = parseNonNegativeNumber(headers.get(name));
    if (milliseconds !== undefined) return capDelayInMs(milliseconds);
  }
  const retryAfter = headers.get('retry-after');
  return retryAfter === undefined ? undefined : parseRetryAfterValue(retryAfter, now);
}

/**
 * One `Retry-After` value as delta-seconds or an HTTP date (RFC 9110 10.2.3), in ms; a date in the past
 * means 0. Undefined when it is neither. Capped at `MAX_RETRY_DELAY_IN_MS`.
 *
 * Drift resolved here: the webhook copy handed anything that was not plain digits to `Date.parse`, which
 * also reads bare numbers ("-5", "12.5") as dates; only a value with letters is taken as a date now.
 */
export function parseRetryAfterValue(value: string, now: Date): number | undefined {
  const retryAfter = value.trim();
  if (!retryAfter) return undefined;
  const seconds = parseNonNegativeNumber(retryAfter);
  if (seconds !== undefined) return capDelayInMs(seconds * 1000);
  // Only a string that looks like a date: Date.parse also accepts bare numbers like "-5" or "12".
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const at = Date.parse(retryAfter);
  if (Number.isNaN(at)) return undefined;
  return capDelayInMs(at - now.getTime());
}

function parseNonNegativeNumber(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
