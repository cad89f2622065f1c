import { randomUUID } from 'node:crypto';
import { planProgression, type ProgressionVocabulary, type Timeline } from '../timeline.js';

/**
 * What the three start-and-poll services (Document Intelligence analyze, document translation batches,
 * Language analyze-text jobs) share: an operation created by a start route gets a fresh UUID and a
 * timeline planned from the settings the admin API gave for operations started from then on.
 */

/** How operations started from now on progress (`PUT /_simulator/{service}/defaults`). */
export interface JobPlanDefaults<S extends string> {
  /** Simulated seconds from the start to `finalStatus`. */
  completeAfterSeconds: number;
  finalStatus: S;
}

/** An admin request's settings for one operation; absent fields keep the defaults. */
export interface JobSettings<S extends string> {
  status?: S;
  completeAfterSeconds?: number;
  finalStatus?: S;
}

/** Simulated seconds to completion when nobody said otherwise: a few seconds, as for Face and QnA. */
export const DEFAULT_JOB_COMPLETE_AFTER_SECONDS = 3 as const;

/**
 * The timeline of an operation: `settings.status` now (the vocabulary's `notStarted` by default), then
 * the progression of `planProgression`. A `cancelling` status (where the vocabulary has one) ends in its
 * cancelled word unless told otherwise.
 */
export function planJob<S extends string>(
  settings: JobSettings<S>,
  defaults: JobPlanDefaults<S>,
  vocabulary: ProgressionVocabulary<S> & { cancelling?: S; cancelled?: S },
  nowMs: number,
  timeScale: number,
): Timeline<S> {
  const status = settings.status ?? vocabulary.notStarted;
  const cancelling = vocabulary.cancelling !== undefined && status === vocabulary.cancelling;
  const finalStatus =
    settings.finalStatus ??
    (cancelling && vocabulary.cancelled ? vocabulary.cancelled : defaults.finalStatus);
  return planProgression(
    {
      status,
      finalStatus,
      completeAfterSeconds: settings.completeAfterSeconds ?? defaults.completeAfterSeconds,
    },
    vocabulary,
    nowMs,
    timeScale,
  );
}

/** A new operation id, lower-case as the services print them. */
export function newOperationId(): string {
  return randomUUID();
}

/**
 * `Retry-After` for answers about an operation that is not finished: one second, never scaled (the same
 * rule as injected faults), so a client following it polls about as often as the simulator changes state.
 */
export const RETRY_AFTER_SECONDS = 1 as const;
export function retryAfterHeader(): Record<string, string> {
  return { 'Retry-After': String(RETRY_AFTER_SECONDS) };
}
