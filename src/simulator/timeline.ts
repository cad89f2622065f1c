/**
 * A status progression fixed in advance as timestamps, read lazily: nothing runs in the background, so
 * the simulator never keeps a process alive and every read is consistent with the clock it is given.
 */
export interface TimelineStep<S extends string> {
  status: S;
  atMs: number;
}

/** Steps in ascending `atMs`; the first one is the status at creation. */
export type Timeline<S extends string> = readonly TimelineStep<S>[];

export interface TimelineReading<S extends string> {
  status: S;
  /** When the current status was entered. */
  sinceMs: number;
}

/** The status at `nowMs`: the last step already reached (the first step if none is yet). */
export function readTimeline<S extends string>(timeline: Timeline<S>, nowMs: number): TimelineReading<S> {
  const first = timeline[0];
  if (!first) throw new RangeError('A timeline needs at least one step.');
  let current = first;
  for (const step of timeline) {
    if (step.atMs <= nowMs) current = step;
    else break;
  }
  return { status: current.status, sinceMs: current.atMs };
}

/** Simulated seconds as real milliseconds under a time scale (2 with scale 4 is 500 ms). */
export function scaledDurationInMs(simulatedSeconds: number, timeScale: number): number {
  return (simulatedSeconds * 1000) / timeScale;
}

/** How long an operation created in `notStarted` stays there before `running`, in simulated seconds. */
export const NOT_STARTED_SECONDS = 1 as const;

export interface ProgressionPlan<S extends string> {
  /** The status now. */
  status: S;
  /** The terminal status reached after `completeAfterSeconds`. */
  finalStatus: S;
  /** Simulated seconds from now to `finalStatus`; ignored when `status` is already terminal. */
  completeAfterSeconds: number;
}

export interface ProgressionVocabulary<S extends string> {
  notStarted: S;
  running: S;
  isTerminal(status: S): boolean;
}

/**
 * The timeline of a Face operation or QnA job: `status` now; from `notStarted`, `running` after at most
 * a simulated second (half the time to completion if that is shorter); `finalStatus` at completion.
 */
export function planProgression<S extends string>(
  plan: ProgressionPlan<S>,
  vocabulary: ProgressionVocabulary<S>,
  nowMs: number,
  timeScale: number,
): Timeline<S> {
  const steps: TimelineStep<S>[] = [{ status: plan.status, atMs: nowMs }];
  if (vocabulary.isTerminal(plan.status)) return steps;
  const completesAtMs = nowMs + scaledDurationInMs(plan.completeAfterSeconds, timeScale);
  if (plan.status === vocabulary.notStarted) {
    const runningAfterMs = Math.min(
      scaledDurationInMs(NOT_STARTED_SECONDS, timeScale),
      (completesAtMs - nowMs) / 2,
    );
    steps.push({ status: vocabulary.running, atMs: nowMs + runningAfterMs });
  }
  steps.push({ status: plan.finalStatus, atMs: completesAtMs });
  return steps;
}
