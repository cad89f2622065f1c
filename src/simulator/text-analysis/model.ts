import { DEFAULT_JOB_COMPLETE_AFTER_SECONDS, type JobPlanDefaults } from '../long-running/job-plan.js';
import { readTimeline, type ProgressionVocabulary, type Timeline } from '../timeline.js';

/** Language analyze-text jobs (`AnalyzeTextJobState` of 2023-04-01, API-NOTES section H). */

export const TEXT_ANALYSIS_API_VERSION = '2023-04-01' as const;

/** The swagger's `State`. */
export const TEXT_JOB_STATUSES = [
  'notStarted',
  'running',
  'succeeded',
  'partiallyCompleted',
  'failed',
  'cancelled',
  'cancelling',
] as const;
export type TextJobStatus = (typeof TEXT_JOB_STATUSES)[number];
export const TEXT_JOB_FINAL_STATUSES = [
  'succeeded',
  'partiallyCompleted',
  'failed',
  'cancelled',
] as const satisfies readonly TextJobStatus[];
export type TextJobFinalStatus = (typeof TEXT_JOB_FINAL_STATUSES)[number];

export const TEXT_JOB_VOCABULARY: ProgressionVocabulary<TextJobStatus> & {
  cancelling: TextJobStatus;
  cancelled: TextJobStatus;
} = {
  notStarted: 'notStarted',
  running: 'running',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  isTerminal: (status) => (TEXT_JOB_FINAL_STATUSES as readonly string[]).includes(status),
};

export const DEFAULT_TEXT_JOB_PLAN: JobPlanDefaults<TextJobStatus> = {
  completeAfterSeconds: DEFAULT_JOB_COMPLETE_AFTER_SECONDS,
  finalStatus: 'succeeded',
};

/** A job's results are kept for 24 hours after it was created (`expirationDateTime`). */
export const DEFAULT_TEXT_JOB_EXPIRES_AFTER_SECONDS = 24 * 60 * 60;

/** `AnalyzeTextLROTaskKind`. */
export const TEXT_TASK_KINDS = [
  'SentimentAnalysis',
  'EntityRecognition',
  'PiiEntityRecognition',
  'KeyPhraseExtraction',
  'EntityLinking',
  'Healthcare',
  'CustomEntityRecognition',
  'CustomSingleLabelClassification',
  'CustomMultiLabelClassification',
  'ExtractiveSummarization',
  'AbstractiveSummarization',
] as const;
export type TextTaskKind = (typeof TEXT_TASK_KINDS)[number];

export interface TextTask {
  kind: TextTaskKind;
  taskName?: string;
}

export interface TextJobRecord {
  jobId: string;
  displayName?: string;
  createdAtMs: number;
  expiresAtMs: number;
  timeline: Timeline<TextJobStatus>;
  tasks: readonly TextTask[];
}

/** What a job reports in `errors` once it ends in each status (`Error` items); nothing for the others. */
export const TEXT_JOB_ERRORS: Readonly<Partial<Record<TextJobStatus, readonly Record<string, string>[]>>> = {
  failed: [{ code: 'InternalServerError', message: 'Every task of the job failed.' }],
  partiallyCompleted: [
    { code: 'InvalidArgument', message: 'The last task of the job failed; the others succeeded.' },
  ],
};

/** Each task's own state once the job is over, in the order of the request. */
function taskStatuses(status: TextJobStatus, count: number): TextJobStatus[] {
  return Array.from({ length: count }, (_unused, index) => {
    if (status !== 'partiallyCompleted') return status;
    // Partially completed: the last task failed; with one task only, that one.
    return index === count - 1 ? 'failed' : 'succeeded';
  });
}

/**
 * The `AnalyzeTextJobState` body. `tasks.items` lists each finished task's state (`kind`, `taskName`,
 * `lastUpdateDateTime`, `status`); the simulator analyses no text, so it reports no `results`.
 */
export function textJobBody(job: TextJobRecord, nowMs: number): Record<string, unknown> {
  const { status, sinceMs } = readTimeline(job.timeline, nowMs);
  const terminal = TEXT_JOB_VOCABULARY.isTerminal(status);
  const total = job.tasks.length;
  const perTask = terminal ? taskStatuses(status, total) : [];
  const count = (wanted: TextJobStatus) => perTask.filter((taskStatus) => taskStatus === wanted).length;
  const errors = TEXT_JOB_ERRORS[status];
  const lastUpdated = new Date(sinceMs).toISOString();
  return {
    ...(job.displayName !== undefined ? { displayName: job.displayName } : {}),
    createdDateTime: new Date(job.createdAtMs).toISOString(),
    expirationDateTime: new Date(job.expiresAtMs).toISOString(),
    jobId: job.jobId,
    lastUpdatedDateTime: lastUpdated,
    status,
    ...(errors ? { errors: errors.map((error) => ({ ...error })) } : {}),
    tasks: {
      completed: count('succeeded'),
      failed: count('failed'),
      inProgress: terminal ? 0 : total,
      total,
      ...(terminal
        ? {
            items: job.tasks.map((task, index) => ({
              kind: `${task.kind}LROResults`,
              ...(task.taskName !== undefined ? { taskName: task.taskName } : {}),
              lastUpdateDateTime: lastUpdated,
              status: perTask[index],
            })),
          }
        : {}),
    },
  };
}
