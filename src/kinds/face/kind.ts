import { z } from 'zod';
import type { StatusReading } from '../../clients/types.js';
import { resourceNameSchema } from '../../domain/command-schema.js';
import { defineKind, type KindSteps } from '../../engine/kind.js';
import { UUID_PATTERN } from '../../shared/ids.js';
import { createFaceClient } from './client.js';
import { interpretFaceOperation } from './interpret.js';
import type { FaceOperation } from './schemas.js';

const faceOperationTargetSchema = z.strictObject({
  kind: z.literal('face-operation'),
  resource: resourceNameSchema,
  operationId: z.string().regex(UUID_PATTERN),
});
export type FaceOperationTarget = z.infer<typeof faceOperationTargetSchema>;

/** Follows a Face snapshot operation (take or apply) that someone else started. */
const checkSteps: KindSteps<FaceOperationTarget, StatusReading<FaceOperation>> = {
  upstreamIdOf: (target) => target.operationId,
  read: ({ target, resource }) => createFaceClient(resource).getOperation(target.operationId),
  interpret: (reading) => interpretFaceOperation(reading),
};

export const faceOperationKind = defineKind<FaceOperationTarget>({
  name: 'face-operation',
  targetSchema: faceOperationTargetSchema,
  describe: (target) => `Face operation ${target.operationId}`,
  actions: { 'status-check': checkSteps },
});
