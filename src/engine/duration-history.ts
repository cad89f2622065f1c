import type { DurationEstimate } from './next-look.js';

/**
 * How long operations took, per (resource, target kind, action, duration class), so the next-look rule
 * can look when an operation is expected to end. The duration class is the kind's word for what makes
 * durations differ within one action (for custom voice, the endpoint kind: a FastResume endpoint resumes
 * in under a minute, a HighPerformance one in about five).
 */
export interface DurationKey {
  resource: string;
  kind: string;
  action: string;
  durationClass?: string;
}

/** Storage port. Implementation: `storage/table-duration-history.ts`. */
export interface DurationHistory {
  /** What recent durations say, or undefined when there are none yet. */
  estimate(key: DurationKey): Promise<DurationEstimate | undefined>;
  /** Adds one observed duration. Best effort: losing one sample to a write race is harmless. */
  observe(key: DurationKey, durationInMs: number): Promise<void>;
}

/** How many recent durations are kept per key: old ones (and their outliers) age out. */
export const KEPT_DURATIONS = 20;

/**
 * The estimate from recent durations: nearest-rank 10th, 50th and 90th percentiles, which one outlier
 * among many cannot drag (a mean could). Undefined without samples.
 */
export function estimateFromDurations(durationsInMs: readonly number[]): DurationEstimate | undefined {
  const sorted = durationsInMs.filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const at = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { earlyInMs: at(0.1), typicalInMs: at(0.5), lateInMs: at(0.9), samples: sorted.length };
}

/** The kept durations after one more: the newest `KEPT_DURATIONS`, in arrival order. */
export function withDuration(durationsInMs: readonly number[], durationInMs: number): number[] {
  return [...durationsInMs, Math.round(durationInMs)].slice(-KEPT_DURATIONS);
}

/** How far the service's clock may be off ours before its word on when the work ended is not believed. */
const CLOCK_SKEW_TOLERANCE_IN_MS = 60_000;

/**
 * The duration one finished operation shows. Best: the service's own end time (`serviceEndedAtMs`), from
 * the start. Otherwise the operation ended somewhere between the last look that saw it running (or the
 * start) and the look that saw it done: the middle of that gap. Never the look's own time alone: looks
 * are planned from these figures, so a figure that included the look's lateness would push every later
 * look later still.
 */
export function observedDurationInMs(input: {
  startedAtMs: number;
  lastRunningLookAtMs: number | undefined;
  doneSeenAtMs: number;
  serviceEndedAtMs?: number;
}): number {
  const ended = input.serviceEndedAtMs;
  if (
    ended !== undefined &&
    Number.isFinite(ended) &&
    ended >= input.startedAtMs - CLOCK_SKEW_TOLERANCE_IN_MS &&
    ended <= input.doneSeenAtMs + CLOCK_SKEW_TOLERANCE_IN_MS
  ) {
    return Math.max(0, Math.min(ended, input.doneSeenAtMs) - input.startedAtMs);
  }
  const from = Math.max(input.startedAtMs, input.lastRunningLookAtMs ?? input.startedAtMs);
  return Math.max(0, (from + input.doneSeenAtMs) / 2 - input.startedAtMs);
}
