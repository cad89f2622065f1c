import { describe, expect, it } from 'vitest';
import { parseRetryAfterValue } from '../../src/shared/retry-after.js';
import { isRetryableStatus } from '../../src/shared/retryable-status.js';
import { webhookRetryDelayInMs as retryDelayInMs } from '../../src/webhooks/retry-schedule.js';

const schedule = { baseDelayInMs: 1_000, maxDelayInMs: 8_000, maxRetryAfterInMs: 30_000 };

describe('retry schedule', () => {
  it('retries network failures, 408, 429 and 5xx, and nothing else', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetryableStatus)).toBe(false);
    expect(retryDelayInMs({ status: 404 }, 0, schedule)).toBeUndefined();
    expect(retryDelayInMs({}, 0, schedule)).toBeGreaterThan(0);
  });

  it('doubles the backoff per retry, with jitter between half and all of it, up to the ceiling', () => {
    const lowest = () => 0;
    const highest = () => 1;
    expect([0, 1, 2, 3, 4].map((i) => retryDelayInMs({ status: 503 }, i, schedule, lowest))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    expect([0, 1, 2, 3, 4].map((i) => retryDelayInMs({ status: 503 }, i, schedule, highest))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
  });

  it("honours the receiver's Retry-After, in seconds or as a date, up to a cap", () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(retryDelayInMs({ status: 429, retryAfter: '7' }, 0, schedule)).toBe(7_000);
    expect(retryDelayInMs({ status: 429, retryAfter: '3600' }, 0, schedule)).toBe(30_000);
    expect(parseRetryAfterValue('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfterValue('soon', now)).toBeUndefined();
    expect(
      retryDelayInMs(
        { status: 503, retryAfter: 'Thu, 01 Jan 2026 00:00:12 GMT' },
        0,
        schedule,
        Math.random,
        now,
      ),
    ).toBe(12_000);
  });
});
