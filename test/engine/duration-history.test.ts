import { describe, expect, it } from 'vitest';
import {
  estimateFromDurations,
  KEPT_DURATIONS,
  observedDurationInMs,
  withDuration,
} from '../../src/engine/duration-history.js';

describe('durations the next-look rule goes by', () => {
  it('has no estimate without history', () => {
    expect(estimateFromDurations([])).toBeUndefined();
  });

  it('is not dragged by one outlier among recent durations', () => {
    const usual = [88, 91, 90, 93, 87, 92, 89, 90, 94, 86].map((s) => s * 1000);
    const withOutlier = estimateFromDurations([...usual, 3_600_000])!;
    expect(withOutlier.typicalInMs).toBeGreaterThanOrEqual(86_000);
    expect(withOutlier.typicalInMs).toBeLessThanOrEqual(94_000);
    expect(withOutlier.earlyInMs).toBeLessThanOrEqual(withOutlier.typicalInMs);
    expect(withOutlier.lateInMs).toBeLessThan(3_600_000);
  });

  it('keeps only the newest durations, so a change of service speed is learnt', () => {
    let kept: number[] = [];
    for (let i = 0; i < 50; i += 1) kept = withDuration(kept, 300_000);
    for (let i = 0; i < KEPT_DURATIONS; i += 1) kept = withDuration(kept, 60_000);
    expect(estimateFromDurations(kept)?.lateInMs).toBe(60_000);
  });

  it('counts an operation as ended in the middle of the gap in which it ended', () => {
    expect(observedDurationInMs({ startedAtMs: 0, lastRunningLookAtMs: 88_000, doneSeenAtMs: 92_000 })).toBe(
      90_000,
    );
    // Seen done at the first look: somewhere before it, never counted as late as the look itself.
    expect(
      observedDurationInMs({ startedAtMs: 0, lastRunningLookAtMs: undefined, doneSeenAtMs: 84_000 }),
    ).toBeLessThan(84_000);
  });

  it("believes the service's own end time over the looks, unless its clock is far off", () => {
    const looks = { startedAtMs: 0, lastRunningLookAtMs: undefined, doneSeenAtMs: 84_000 };
    expect(observedDurationInMs({ ...looks, serviceEndedAtMs: 80_500 })).toBe(80_500);
    expect(observedDurationInMs({ ...looks, serviceEndedAtMs: 10_000_000 })).toBe(42_000);
  });
});
