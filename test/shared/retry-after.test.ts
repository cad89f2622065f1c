import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_IN_MS } from '../../src/shared/backoff.js';
import { parseRetryAfterInMs, parseRetryAfterValue } from '../../src/shared/retry-after.js';

const now = new Date('2026-03-01T10:00:00.000Z');
const headers = (values: Record<string, string>) => createHttpHeaders(values);

describe('parseRetryAfterInMs', () => {
  it('reads Retry-After as seconds', () => {
    expect(parseRetryAfterInMs(headers({ 'Retry-After': '7' }), now)).toBe(7000);
    expect(parseRetryAfterInMs(headers({ 'retry-after': '0' }), now)).toBe(0);
  });

  it('reads Retry-After as an HTTP date, relative to now', () => {
    const inTwentySeconds = new Date(now.getTime() + 20_000).toUTCString();
    expect(parseRetryAfterInMs(headers({ 'Retry-After': inTwentySeconds }), now)).toBe(20_000);
  });

  it('treats a date in the past as no wait', () => {
    const past = new Date(now.getTime() - 60_000).toUTCString();
    expect(parseRetryAfterInMs(headers({ 'Retry-After': past }), now)).toBe(0);
  });

  it('prefers the millisecond headers over Retry-After', () => {
    expect(parseRetryAfterInMs(headers({ 'retry-after-ms': '250', 'Retry-After': '9' }), now)).toBe(250);
    expect(parseRetryAfterInMs(headers({ 'x-ms-retry-after-ms': '1500', 'Retry-After': '9' }), now)).toBe(
      1500,
    );
  });

  it('ignores values that are neither a number nor a date', () => {
    expect(parseRetryAfterInMs(headers({}), now)).toBeUndefined();
    expect(parseRetryAfterInMs(headers({ 'Retry-After': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterInMs(headers({ 'Retry-After': '-5' }), now)).toBeUndefined();
    expect(parseRetryAfterInMs(headers({ 'retry-after-ms': 'abc' }), now)).toBeUndefined();
  });

  it('caps huge waits so a timer can never overflow', () => {
    expect(parseRetryAfterInMs(headers({ 'Retry-After': '99999999999' }), now)).toBe(MAX_RETRY_DELAY_IN_MS);
    expect(MAX_RETRY_DELAY_IN_MS).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

describe('parseRetryAfterValue', () => {
  it('reads one Retry-After value as seconds or an HTTP date, and nothing else', () => {
    expect(parseRetryAfterValue(' 7 ', now)).toBe(7_000);
    expect(parseRetryAfterValue(new Date(now.getTime() + 12_000).toUTCString(), now)).toBe(12_000);
    expect(parseRetryAfterValue('soon', now)).toBeUndefined();
    expect(parseRetryAfterValue('', now)).toBeUndefined();
  });

  it('does not take a bare number that is not delta-seconds for a date', () => {
    // Date.parse reads these as dates (years, days): they must not become a wait.
    expect(parseRetryAfterValue('-5', now)).toBeUndefined();
    expect(parseRetryAfterValue('2026', now)).toBe(2_026_000);
    expect(parseRetryAfterValue('12-1', now)).toBeUndefined();
  });
});
