import { describe, expect, it } from 'vitest';
import { commandRetryDelayInMs as retryDelayInMs } from '../../src/engine/retry-delay.js';

describe('retryDelayInMs', () => {
  it("never retries sooner than the service's Retry-After", () => {
    expect(retryDelayInMs(1, 3_000, () => 0)).toBe(3_000);
    expect(retryDelayInMs(5, 3_000, () => 1)).toBe(3_000);
  });

  it('backs off exponentially with jitter when the service gives no Retry-After, within a ceiling', () => {
    const highest = (attempt: number) => retryDelayInMs(attempt, undefined, () => 1);
    expect(highest(2)).toBeGreaterThan(highest(1));
    expect(highest(3)).toBeGreaterThan(highest(2));
    expect(highest(60)).toBeLessThanOrEqual(15 * 60_000);
    expect(retryDelayInMs(3, undefined, () => 0)).toBeGreaterThan(0);
  });

  it('caps a huge Retry-After, because Node turns timers past 2^31-1 ms into 1 ms', () => {
    expect(retryDelayInMs(1, 2 ** 40, () => 0)).toBeLessThan(2 ** 31 - 1);
  });
});
