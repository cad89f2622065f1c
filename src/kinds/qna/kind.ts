import { z } from 'zod';
import type { StatusReading } from '../../clients/types.js';
import { resourceNameSchema } from '../../domain/command-schema.js';
import { defineKind, type KindSteps } from '../../engine/kind.js';
import { PROJECT_NAME_PATTERN, createQnaClient } from './client.js';
import { interpretQnaJob } from './interpret.js';
import type { QnaJob } from './schemas.js';

const qnaJobTargetSchema = z.strictObject({
  kind: z.literal('qna-job'),
  resource: resourceNameSchema,
  projectName: z.string().regex(PROJECT_NAME_PATTERN, 'must be 1-100 letters, digits and dashes'),
  // Any job id the service issues, but never a dot segment that would walk up the request URL.
  jobId: z
    .string()
    .min(1)
    .max(128)
    .refine((id) => id !== '.' && id !== '..', "must not be '.' or '..'"),
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
