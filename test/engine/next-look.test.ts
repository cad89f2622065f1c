import { describe, expect, it } from 'vitest';
import {
  closeStepInMs,
  DEFAULT_POLLING_POLICY,
  nextLookDelayInMs,
  scaledPolicy,
  type DurationEstimate,
} from '../../src/engine/next-look.js';

/**
 * The next-look rule: rare looks while an operation cannot be done, close ones around its expected end,
 * back-off once it runs late; never before the service's Retry-After, never past the cap.
 */
const policy = DEFAULT_POLLING_POLICY;
const S = 1000;
/** Five past suspends of about 90 s. */
const ninety: DurationEstimate = { earlyInMs: 84 * S, typicalInMs: 90 * S, lateInMs: 97 * S, samples: 5 };

/** Looks the rule makes for an operation that ends at `endsAtMs`, and how late the last one sees it. */
function followUntil(endsAtMs: number, estimate: DurationEstimate | undefined, retryAfterInMs = 1 * S) {
  let elapsed = 0;
  let looks = 0;
  while (looks < 1000) {
    elapsed += nextLookDelayInMs(
      { elapsedInMs: elapsed, retryAfterInMs, ...(estimate ? { estimate } : {}) },
      policy,
    );
    looks += 1;
    if (elapsed >= endsAtMs) return { looks, lateByMs: elapsed - endsAtMs };
  }
  throw new Error('never saw it end');
}

describe('next look with a history of durations', () => {
  it('first looks at the earliest expected end, not before', () => {
    expect(nextLookDelayInMs({ elapsedInMs: 0, retryAfterInMs: 1 * S, estimate: ninety }, policy)).toBe(
      ninety.earlyInMs,
    );
  });

  it('looks in short steps while the end is expected, growing after the latest expected end', () => {
    const inWindow = nextLookDelayInMs({ elapsedInMs: 88 * S, estimate: ninety }, policy);
    expect(inWindow).toBe(closeStepInMs(ninety, policy));
    expect(inWindow).toBeLessThan(10 * S);
    const late = [120, 200, 400].map((s) =>
      nextLookDelayInMs({ elapsedInMs: s * S, estimate: ninety }, policy),
    );
    expect(late[0]).toBeGreaterThanOrEqual(inWindow);
    expect(late[1]).toBeGreaterThan(late[0]!);
    expect(late[2]).toBeGreaterThan(late[1]!);
  });

  it('sees an operation that ends as expected within one close step, in a handful of looks', () => {
    for (const end of [85, 90, 96]) {
      const seen = followUntil(end * S, ninety);
      expect(seen.lateByMs).toBeLessThanOrEqual(closeStepInMs(ninety, policy));
      expect(seen.looks).toBeLessThanOrEqual(6);
    }
  });

  it('makes far fewer looks than a fixed interval on a long operation', () => {
    const five: DurationEstimate = {
      earlyInMs: 280 * S,
      typicalInMs: 300 * S,
      lateInMs: 320 * S,
      samples: 10,
    };
    const seen = followUntil(310 * S, five);
    expect(seen.looks).toBeLessThan(310 / 5 / 5);
  });

  it('still finds an operation that runs far longer than ever before, with bounded waits', () => {
    const seen = followUntil(1800 * S, ninety);
    expect(seen.lateByMs).toBeLessThanOrEqual(policy.maxStepInMs);
    expect(seen.looks).toBeLessThan(40);
  });
});

describe('next look in every case', () => {
  it('never looks sooner than the service asked', () => {
    const cases = [undefined, ninety];
    for (const estimate of cases) {
      for (const elapsed of [0, 84 * S, 90 * S, 500 * S]) {
        const delay = nextLookDelayInMs(
          { elapsedInMs: elapsed, retryAfterInMs: 45 * S, ...(estimate ? { estimate } : {}) },
          policy,
        );
        expect(delay).toBeGreaterThanOrEqual(45 * S);
      }
    }
  });

  it('never waits longer than the cap, nor less than the minimum step', () => {
    const huge: DurationEstimate = {
      earlyInMs: 3_600 * S,
      typicalInMs: 4_000 * S,
      lateInMs: 5_000 * S,
      samples: 3,
    };
    expect(nextLookDelayInMs({ elapsedInMs: 0, estimate: huge }, policy)).toBe(policy.maxStepInMs);
    expect(nextLookDelayInMs({ elapsedInMs: 0, retryAfterInMs: 3_600 * S }, policy)).toBe(policy.maxStepInMs);
    expect(nextLookDelayInMs({ elapsedInMs: 83_900, estimate: ninety }, policy)).toBe(policy.minStepInMs);
  });

  it('without history starts at the interval and waits longer as the operation ages', () => {
    expect(nextLookDelayInMs({ elapsedInMs: 0 }, policy)).toBe(policy.intervalInMs);
    const old = nextLookDelayInMs({ elapsedInMs: 600 * S }, policy);
    expect(old).toBeGreaterThan(policy.intervalInMs);
    expect(old).toBeLessThan(600 * S);
  });

  it('under a time scale makes the same looks in scaled time', () => {
    const scaled = scaledPolicy(policy, 10);
    const tenth: DurationEstimate = { earlyInMs: 8_400, typicalInMs: 9_000, lateInMs: 9_700, samples: 5 };
    for (const elapsed of [0, 86, 120, 400]) {
      // The simulator's Retry-After is never scaled: 1 s there means 1 s of its (faster) time.
      const real = nextLookDelayInMs(
        { elapsedInMs: elapsed * S, retryAfterInMs: 2 * S, estimate: ninety },
        policy,
      );
      const fast = nextLookDelayInMs(
        { elapsedInMs: (elapsed * S) / 10, retryAfterInMs: 2 * S, estimate: tenth },
        scaled,
      );
      expect(fast * 10).toBeCloseTo(real, 6);
    }
  });
});
