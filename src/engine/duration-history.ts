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

/**
 * The duration one finished operation shows: from its start to the middle of the gap between the last
 * look that saw it running and the look that saw it done (it ended somewhere in that gap), the gap counted
 * at most `maxGapInMs` so a long first wait does not halve the figure.
 */
export function observedDurationInMs(input: {
  startedAtMs: number;
  lastRunningLookAtMs: number | undefined;
  doneSeenAtMs: number;
  maxGapInMs: number;
}): number {
  const gap = input.doneSeenAtMs - (input.lastRunningLookAtMs ?? input.startedAtMs);
  const half = Math.min(Math.max(0, gap), input.maxGapInMs) / 2;
  return Math.max(0, input.doneSeenAtMs - input.startedAtMs - half);
}
