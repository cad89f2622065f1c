import { z } from 'zod';
import type { StatusReading } from '../../clients/types.js';
import { resourceNameSchema } from '../../domain/command-schema.js';
import { defineKind, type KindSteps } from '../../engine/kind.js';
import { JOB_ID, PROJECT_NAME, createQnaClient } from './client.js';
import { interpretQnaJob } from './interpret.js';
import type { QnaJob } from './schemas.js';

const qnaJobTargetSchema = z.strictObject({
  kind: z.literal('qna-job'),
  resource: resourceNameSchema,
  projectName: z.string().regex(PROJECT_NAME.pattern, `must be ${PROJECT_NAME.description}`),
  // The client's own rule (JOB_ID), so an id the client would refuse is refused at the door, before
  // anything is stored or enqueued.
  jobId: z.string().regex(JOB_ID.pattern, `must be ${JOB_ID.description}`),
});
export type QnaJobTarget = z.infer<typeof qnaJobTargetSchema>;

/** Follows a question answering update-qnas job; past its `expirationDateTime` it ends Expired. */
const checkSteps: KindSteps<QnaJobTarget, StatusReading<QnaJob>> = {
  upstreamIdOf: (target) => target.jobId,
  read: ({ target, resource }) =>
    createQnaClient(resource).getUpdateQnasJob(target.projectName, target.jobId),
  interpret: (reading, { now }) => interpretQnaJob(reading, now),
};

export const qnaJobKind = defineKind<QnaJobTarget>({
  name: 'qna-job',
  targetSchema: qnaJobTargetSchema,
  describe: (target) => `QnA job ${target.jobId} of ${target.projectName}`,
  actions: { 'status-check': checkSteps },
});
