import { z } from 'zod';

/**
 * The 2xx bodies we rely on, checked before use: a body without its required fields is an
 * `InvalidResponse`, not an `undefined` somewhere downstream. Unknown extra fields are allowed (the
 * service adds fields over versions) but not passed on.
 */

export interface CustomVoiceEndpoint {
  id: string;
  displayName?: string;
  description?: string;
  projectId: string;
  modelId: string;
  properties: { kind: string };
  /** NotStarted | Running | Succeeded | Failed | Disabling | Disabled */
  status: string;
  createdDateTime: string;
  lastActionDateTime: string;
}

export interface CustomVoiceOperation {
  id: string;
  status: string;
}

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
