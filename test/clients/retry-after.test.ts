import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_IN_MS, parseRetryAfterInMs } from '../../src/clients/retry-after.js';

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
