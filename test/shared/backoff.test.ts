import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_IN_MS, backoffDelayInMs, capDelayInMs } from '../../src/shared/backoff.js';

describe('backoffDelayInMs', () => {
  it('stays between half and all of the doubled step, and never above the ceiling', () => {
    for (let retry = 0; retry < 6; retry += 1) {
      const step = Math.min(10_000, 400 * 2 ** retry);
      expect(backoffDelayInMs(retry, 400, 10_000, () => 0)).toBe(step / 2);
      expect(backoffDelayInMs(retry, 400, 10_000, () => 0.999_999)).toBeLessThanOrEqual(step);
    }
    expect(backoffDelayInMs(40, 400, 2000, () => 1)).toBe(2000);
  });

  it('never exceeds the absolute ceiling, whatever the caller asks', () => {
    expect(backoffDelayInMs(60, 2_000, Number.POSITIVE_INFINITY, () => 1)).toBe(MAX_RETRY_DELAY_IN_MS);
    expect(MAX_RETRY_DELAY_IN_MS).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(capDelayInMs(-5)).toBe(0);
    expect(capDelayInMs(1.2)).toBe(2);
  });
});
