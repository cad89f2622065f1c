import { z } from 'zod';
import { resourceNameSchema } from '../../domain/command-schema.js';
import type { Target } from '../../domain/operation.js';
import { OPERATION_ID_PATTERN, UUID_PATTERN } from '../../shared/ids.js';

export const ENDPOINT_KIND = 'customvoice-endpoint';
export const OPERATION_KIND = 'customvoice-operation';

export const customVoiceEndpointTargetSchema = z.strictObject({
  kind: z.literal(ENDPOINT_KIND),
  resource: resourceNameSchema,
  endpointId: z.string().regex(UUID_PATTERN),
});
export type CustomVoiceEndpointTarget = z.infer<typeof customVoiceEndpointTargetSchema>;

export const customVoiceOperationTargetSchema = z.strictObject({
  kind: z.literal(OPERATION_KIND),
  resource: resourceNameSchema,
  operationId: z.string().regex(OPERATION_ID_PATTERN),
});
export type CustomVoiceOperationTarget = z.infer<typeof customVoiceOperationTargetSchema>;

/** Narrows a stored target to an endpoint target (records written by this app always pass). */
export function isCustomVoiceEndpointTarget(target: Target): target is CustomVoiceEndpointTarget {
  return target.kind === ENDPOINT_KIND && typeof target.endpointId === 'string';
}
