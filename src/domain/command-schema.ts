import { z } from 'zod';
import { ACTIONS, REQUEST_SOURCES } from './operation.js';

/**
 * The one validated shape of a command: the HTTP body (`commandRequestSchema`) and the queue message
 * (`commandMessageSchema`) are built from the same target schemas, so whatever the API accepts the
 * executor can read, and unknown fields are refused at both doors.
 */

/** Azure's `Operation-Id` pattern: 3-64 characters, alphanumeric at both ends. */
export const OPERATION_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROJECT_NAME_PATTERN = /^(?=[a-zA-Z0-9])[a-zA-Z0-9-]{0,98}[a-zA-Z0-9]$/;

const resourceName = z.string().min(1, 'resource is required').max(64);
const uuid = (field: string) => z.string().regex(UUID_PATTERN, `${field} must be a UUID`);

export const customVoiceEndpointTargetSchema = z.strictObject({
  kind: z.literal('customvoice-endpoint'),
  resource: resourceName,
  endpointId: uuid('endpointId'),
});

export const targetSchema = z.discriminatedUnion('kind', [
  customVoiceEndpointTargetSchema,
  z.strictObject({
    kind: z.literal('customvoice-operation'),
    resource: resourceName,
    operationId: z.string().regex(OPERATION_ID_PATTERN, 'operationId must be 3-64 letters, digits, . _ -'),
  }),
  z.strictObject({
    kind: z.literal('face-operation'),
    resource: resourceName,
    operationId: uuid('operationId'),
  }),
  z.strictObject({
    kind: z.literal('qna-job'),
    resource: resourceName,
    projectName: z
      .string()
      .regex(PROJECT_NAME_PATTERN, 'projectName must be 1-100 letters, digits and dashes'),
    // Any job id the service issues, but never a dot segment that would walk up the request URL.
    jobId: z
      .string()
      .min(1)
      .max(128)
      .refine((id) => id !== '.' && id !== '..', 'jobId must not be . or ..'),
  }),
]);

/** `POST /api/commands`: suspend/resume take an endpoint; status-check takes any target kind. */
export const commandRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('suspend'), target: customVoiceEndpointTargetSchema }),
  z.strictObject({ action: z.literal('resume'), target: customVoiceEndpointTargetSchema }),
  z.strictObject({ action: z.literal('status-check'), target: targetSchema }),
]);
export type CommandRequest = z.infer<typeof commandRequestSchema>;

const replyAddressSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('slack'), responseUrl: z.url(), channelId: z.string().optional() }),
  z.strictObject({ kind: z.literal('teams'), conversationId: z.string().optional() }),
  z.strictObject({ kind: z.literal('webhook'), callbackUrl: z.url() }),
]);

/** A command as it travels on the queue (see `Command`). */
export const commandMessageSchema = z.strictObject({
  id: z.string().regex(OPERATION_ID_PATTERN),
  action: z.enum(ACTIONS),
  target: targetSchema,
  requestedBy: z.strictObject({
    source: z.enum(REQUEST_SOURCES),
    principal: z.string().max(256).optional(),
    replyTo: replyAddressSchema.optional(),
  }),
  requestedDateTime: z.iso.datetime(),
});
