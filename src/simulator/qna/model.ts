import { readTimeline, type ProgressionVocabulary, type Timeline } from '../timeline.js';

/** Question answering authoring jobs (`QuestionAnsweringAuthoringUpdateQnasJobState`, API-NOTES section D). */

export const QNA_API_VERSION = '2023-04-01' as const;

/** `jobStatus` of the swagger. */
export const QNA_STATUSES = [
  'notStarted',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'cancelling',
  'partiallyCompleted',
] as const;
export type QnaStatus = (typeof QNA_STATUSES)[number];
export const QNA_FINAL_STATUSES = [
  'succeeded',
  'failed',
  'cancelled',
  'partiallyCompleted',
] as const satisfies readonly QnaStatus[];

export function isTerminalQnaStatus(status: QnaStatus): boolean {
  return (QNA_FINAL_STATUSES as readonly QnaStatus[]).includes(status);
}

export const QNA_VOCABULARY: ProgressionVocabulary<QnaStatus> = {
  notStarted: 'notStarted',
  running: 'running',
  isTerminal: isTerminalQnaStatus,
};

export const QNA_PROJECT_NAME_PATTERN = /^(?=[a-zA-Z0-9])[a-zA-Z0-9-]{0,98}[a-zA-Z0-9]$/;

/** Simulated seconds to completion, and to expiry, when an admin request names none. */
export const DEFAULT_QNA_COMPLETE_AFTER_SECONDS = 3 as const;
export const DEFAULT_QNA_EXPIRES_AFTER_SECONDS = 24 * 60 * 60;

/** `Azure.Core.Foundations.Error`, the item type of `errors`. */
export interface QnaJobError {
  code: string;
  message: string;
  target?: string;
}

/** What a job reports in `errors` once it ends in each status; nothing for the others. */
export const QNA_STATUS_ERRORS: Readonly<Partial<Record<QnaStatus, readonly QnaJobError[]>>> = {
  failed: [{ code: 'InternalServerError', message: 'The update job failed; no QnA record was changed.' }],
  partiallyCompleted: [
    {
      code: 'InvalidArgument',
      message: 'Some QnA records could not be updated: the answer is empty.',
      target: 'value.answer',
    },
  ],
};

export interface QnaJobRecord {
  projectName: string;
  jobId: string;
  createdAtMs: number;
  expiresAtMs: number;
  timeline: Timeline<QnaStatus>;
}

/**
 * The job state body. A job past its `expirationDateTime` keeps answering as it is: deciding it has
 * expired is the caller's business.
 */
export function qnaJobBody(job: QnaJobRecord, nowMs: number): Record<string, unknown> {
  const { status, sinceMs } = readTimeline(job.timeline, nowMs);
  return {
    jobId: job.jobId,
    status,
    createdDateTime: new Date(job.createdAtMs).toISOString(),
    lastUpdatedDateTime: new Date(sinceMs).toISOString(),
    expirationDateTime: new Date(job.expiresAtMs).toISOString(),
    errors: [...(QNA_STATUS_ERRORS[status] ?? [])],
  };
}
