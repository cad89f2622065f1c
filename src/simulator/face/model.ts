import { readTimeline, type ProgressionVocabulary, type Timeline } from '../timeline.js';

/** Face snapshot operations (`OperationStatus` of Face v1.0-preview, API-NOTES section C). */

export const FACE_STATUSES = ['notStarted', 'running', 'succeeded', 'failed'] as const;
export type FaceStatus = (typeof FACE_STATUSES)[number];
export const FACE_FINAL_STATUSES = ['succeeded', 'failed'] as const satisfies readonly FaceStatus[];

export const FACE_VOCABULARY: ProgressionVocabulary<FaceStatus> = {
  notStarted: 'notStarted',
  running: 'running',
  isTerminal: (status) => status === 'succeeded' || status === 'failed',
};

/** Simulated seconds to completion when an admin request names none. */
export const DEFAULT_FACE_COMPLETE_AFTER_SECONDS = 3 as const;

export const DEFAULT_FACE_FAILURE_MESSAGE =
  'The source object was modified while the snapshot operation was in progress.' as const;

export interface FaceOperationRecord {
  id: string;
  createdAtMs: number;
  timeline: Timeline<FaceStatus>;
  /** Reported once succeeded: the snapshot (take) or the target object's path (apply). */
  resourceLocation: string;
  /** Reported once failed. */
  message: string;
}

/**
 * The `OperationStatus` body. `lastActionTime` keeps moving while the operation runs and stops when it
 * finishes; `resourceLocation` only on success and `message` only on failure, as the schema describes.
 */
export function faceOperationBody(operation: FaceOperationRecord, nowMs: number): Record<string, unknown> {
  const { status, sinceMs } = readTimeline(operation.timeline, nowMs);
  const terminal = FACE_VOCABULARY.isTerminal(status);
  const lastActionMs = terminal ? sinceMs : status === 'running' ? nowMs : operation.createdAtMs;
  return {
    status,
    createdTime: new Date(operation.createdAtMs).toISOString(),
    lastActionTime: new Date(lastActionMs).toISOString(),
    ...(terminal ? { finishedTime: new Date(sinceMs).toISOString() } : {}),
    ...(status === 'succeeded' ? { resourceLocation: operation.resourceLocation } : {}),
    ...(status === 'failed' ? { message: operation.message } : {}),
  };
}
