import { DEFAULT_JOB_COMPLETE_AFTER_SECONDS, type JobPlanDefaults } from '../long-running/job-plan.js';
import { readTimeline, type ProgressionVocabulary, type Timeline } from '../timeline.js';

/** Document translation batches (`TranslationStatus` of 2024-05-01, API-NOTES section G). */

export const TRANSLATOR_API_VERSION = '2024-05-01' as const;

/** The swagger's `Status`. */
export const TRANSLATION_STATUSES = [
  'NotStarted',
  'Running',
  'Succeeded',
  'Failed',
  'Cancelled',
  'Cancelling',
  'ValidationFailed',
] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];
export const TRANSLATION_FINAL_STATUSES = [
  'Succeeded',
  'Failed',
  'Cancelled',
  'ValidationFailed',
] as const satisfies readonly TranslationStatus[];
export type TranslationFinalStatus = (typeof TRANSLATION_FINAL_STATUSES)[number];

export const TRANSLATION_VOCABULARY: ProgressionVocabulary<TranslationStatus> & {
  cancelling: TranslationStatus;
  cancelled: TranslationStatus;
} = {
  notStarted: 'NotStarted',
  running: 'Running',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
  isTerminal: (status) => (TRANSLATION_FINAL_STATUSES as readonly string[]).includes(status),
};

export const DEFAULT_BATCH_PLAN: JobPlanDefaults<TranslationStatus> = {
  completeAfterSeconds: DEFAULT_JOB_COMPLETE_AFTER_SECONDS,
  finalStatus: 'Succeeded',
};

export interface TranslationBatchRecord {
  id: string;
  createdAtMs: number;
  timeline: Timeline<TranslationStatus>;
  /** One simulated document per target of every input. */
  documents: number;
}

/** `TranslationError` of a batch that ended in each status; nothing for the others. */
export const BATCH_ERRORS: Readonly<Partial<Record<TranslationStatus, Record<string, unknown>>>> = {
  Failed: {
    code: 'InternalServerError',
    message: 'The translation of every document of the batch failed.',
    target: 'Operation',
  },
  ValidationFailed: {
    code: 'InvalidRequest',
    message: 'Cannot access source document location with the current permissions.',
    target: 'Operation',
    innerError: {
      code: 'InvalidDocumentAccessLevel',
      message: 'Cannot access source document location with the current permissions.',
    },
  },
};

/** The `StatusSummary` of a batch whose documents are all where the batch is. */
function summary(status: TranslationStatus, total: number): Record<string, number> {
  const count = (wanted: readonly TranslationStatus[]) => (wanted.includes(status) ? total : 0);
  return {
    total,
    failed: count(['Failed', 'ValidationFailed']),
    success: count(['Succeeded']),
    inProgress: count(['Running', 'Cancelling']),
    notYetStarted: count(['NotStarted']),
    cancelled: count(['Cancelled']),
    totalCharacterCharged: 0,
  };
}

/** The `TranslationStatus` body. */
export function translationStatusBody(batch: TranslationBatchRecord, nowMs: number): Record<string, unknown> {
  const { status, sinceMs } = readTimeline(batch.timeline, nowMs);
  const error = BATCH_ERRORS[status];
  return {
    id: batch.id,
    createdDateTimeUtc: new Date(batch.createdAtMs).toISOString(),
    lastActionDateTimeUtc: new Date(sinceMs).toISOString(),
    status,
    summary: summary(status, batch.documents),
    ...(error ? { error: structuredClone(error) } : {}),
  };
}
