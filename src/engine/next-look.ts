/**
 * When to look at a running operation next: a pure rule over what is known, the service's Retry-After and
 * how long the same kind of operation took before (`DurationEstimate`, from `duration-history.ts`).
 *
 * - With history: one look at the earliest expected end (a low quantile of past durations), then short
 *   steps while the end is expected, then geometric back-off once the operation runs later than usual.
 *   Far from the end nothing is looked at, so calls stay near the limit (start, one or two looks, result);
 *   near it the steps are short, so a finished operation is seen within a step.
 * - Without history: the configured interval first, then waits that grow with the operation's age, so a
 *   long operation is not read every few seconds for minutes.
 * Never sooner than the service's Retry-After nor `minStepInMs`, never later than `maxStepInMs`.
 */

export interface PollingPolicy {
  /** No two looks closer together than this. */
  minStepInMs: number;
  /** No wait longer than this, whatever the history says. */
  maxStepInMs: number;
  /** Without history: the first wait, and the shortest one after it. */
  intervalInMs: number;
  /** Around the expected end the step is `closeStepBaseInMs + closeStepFraction x typical duration`. */
  closeStepBaseInMs: number;
  closeStepFraction: number;
  /** Past the latest expected end (or without history) each wait is this fraction of the overrun (age). */
  backoffFraction: number;
  /**
   * 1 in production. Against a simulator running this many times faster (benchmarks), the service's
   * Retry-After, which the simulator never scales, is divided by it like every other delay.
   */
  timeScale: number;
}

/** How long operations of one kind took before, in ms: low, middle and high quantiles of recent ones. */
export interface DurationEstimate {
  earlyInMs: number;
  typicalInMs: number;
  lateInMs: number;
  samples: number;
}

export interface LookInput {
  /** Time since the operation started (since the start call answered). */
  elapsedInMs: number;
  /** The service's Retry-After on its last answer. */
  retryAfterInMs?: number;
  estimate?: DurationEstimate;
}

/** Production defaults (see README "How polling works"); every figure is a duration but the fractions. */
export const DEFAULT_POLLING_POLICY: Readonly<PollingPolicy> = {
  minStepInMs: 1_000,
  maxStepInMs: 5 * 60_000,
  intervalInMs: 5_000,
  closeStepBaseInMs: 2_500,
  closeStepFraction: 0.015,
  backoffFraction: 0.25,
  timeScale: 1,
};

/** The delay before the next look, in ms. */
export function nextLookDelayInMs(input: LookInput, policy: PollingPolicy): number {
  const floor = Math.max(policy.minStepInMs, (input.retryAfterInMs ?? 0) / policy.timeScale);
  const wanted = input.estimate
    ? wantedWithHistory(Math.max(0, input.elapsedInMs), input.estimate, policy)
    : Math.max(policy.intervalInMs, Math.max(0, input.elapsedInMs) * policy.backoffFraction);
  return Math.min(policy.maxStepInMs, Math.max(floor, wanted));
}

/** The step used while the end is expected: short enough that a finished operation is seen quickly. */
export function closeStepInMs(estimate: DurationEstimate, policy: PollingPolicy): number {
  return Math.max(
    policy.minStepInMs,
    policy.closeStepBaseInMs + policy.closeStepFraction * estimate.typicalInMs,
  );
}

function wantedWithHistory(elapsedInMs: number, estimate: DurationEstimate, policy: PollingPolicy): number {
  const close = closeStepInMs(estimate, policy);
  if (elapsedInMs < estimate.earlyInMs) return estimate.earlyInMs - elapsedInMs;
  if (elapsedInMs < estimate.lateInMs) return close;
  return Math.max(close, (elapsedInMs - estimate.lateInMs) * policy.backoffFraction);
}

/** The policy with every duration divided by `timeScale` (a simulator running that much faster). */
export function scaledPolicy(policy: PollingPolicy, timeScale: number): PollingPolicy {
  return {
    ...policy,
    minStepInMs: policy.minStepInMs / timeScale,
    maxStepInMs: policy.maxStepInMs / timeScale,
    intervalInMs: policy.intervalInMs / timeScale,
    closeStepBaseInMs: policy.closeStepBaseInMs / timeScale,
    timeScale: policy.timeScale * timeScale,
  };
}
