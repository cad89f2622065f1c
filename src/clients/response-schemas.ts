import { z } from 'zod';
import type {
  CustomVoiceEndpoint,
  CustomVoiceOperation,
  FaceOperation,
  QnaJob,
  QnaServiceError,
} from './types.js';

/**
 * The 2xx bodies we rely on, checked before use: a body without its required fields is an
 * `InvalidResponse`, not an `undefined` somewhere downstream. Unknown extra fields are allowed (the
 * services add fields over versions) but not passed on.
 */

const text = z.string().min(1);

export const customVoiceEndpointSchema = z
  .object({
    id: text,
    displayName: z.string().optional(),
    description: z.string().optional(),
    projectId: text,
    modelId: text,
    properties: z.object({ kind: text }),
    status: text,
    createdDateTime: text,
    lastActionDateTime: text,
  })
  .transform((body): CustomVoiceEndpoint => ({
    id: body.id,
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    projectId: body.projectId,
    modelId: body.modelId,
    properties: { kind: body.properties.kind },
    status: body.status,
    createdDateTime: body.createdDateTime,
    lastActionDateTime: body.lastActionDateTime,
  }));

export const customVoiceOperationSchema = z
  .object({ id: text, status: text })
  .transform((body): CustomVoiceOperation => ({ id: body.id, status: body.status }));

/** The stable v1.0 example says `location` where the schema says `resourceLocation`: accept either. */
export const faceOperationSchema = z
  .object({
    status: text,
    createdTime: text,
    lastActionTime: z.string().nullish(),
    finishedTime: z.string().nullish(),
    resourceLocation: z.string().nullish(),
    location: z.string().nullish(),
    message: z.string().nullish(),
  })
  .transform((body): FaceOperation => {
    const resourceLocation = body.resourceLocation ?? body.location;
    return {
      status: body.status,
      createdTime: body.createdTime,
      ...(body.lastActionTime ? { lastActionTime: body.lastActionTime } : {}),
      ...(body.finishedTime ? { finishedTime: body.finishedTime } : {}),
      ...(resourceLocation ? { resourceLocation } : {}),
      ...(body.message !== undefined ? { message: body.message } : {}),
    };
  });

const qnaErrorSchema: z.ZodType<QnaServiceError> = z.lazy(() =>
  z
    .object({
      code: z.string(),
      message: z.string(),
      target: z.string().optional(),
      details: z.array(qnaErrorSchema).optional(),
    })
    .transform((error): QnaServiceError => ({
      code: error.code,
      message: error.message,
      ...(error.target !== undefined ? { target: error.target } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
    })),
);

export const qnaJobSchema = z
  .object({
    jobId: text,
    status: text,
    createdDateTime: text,
    lastUpdatedDateTime: text,
    expirationDateTime: z.string().nullish(),
    errors: z.array(qnaErrorSchema).nullish(),
  })
  .transform((body): QnaJob => ({
    jobId: body.jobId,
    status: body.status,
    createdDateTime: body.createdDateTime,
    lastUpdatedDateTime: body.lastUpdatedDateTime,
    ...(body.expirationDateTime ? { expirationDateTime: body.expirationDateTime } : {}),
    ...(body.errors ? { errors: body.errors } : {}),
  }));

/** Where a body failed its schema, for an `InvalidResponse` message (paths only, never values). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
