import { z } from 'zod';
import { OPERATION_EVENT_TYPES } from '../../domain/operation-event.js';
import { ACTIONS, OperationStatus } from '../../domain/operation.js';
import { operationKinds } from '../../kinds/index.js';
import { OPERATION_ID_PATTERN, UUID_PATTERN } from '../../shared/ids.js';
import { SCHEDULE_NAME_PATTERN } from '../../schedules/schedule.js';
import { ERROR_CODES, type ErrorCode } from '../error-codes.js';

/**
 * The shapes of the API's answers, for the OpenAPI document (requests are described by the schemas that
 * validate them; see `route-docs.ts`). Each `.meta({ id })` becomes a component of the document.
 */

const dateTime = z.iso.datetime({ offset: true });

export const operationIdSchema = z
  .string()
  .regex(OPERATION_ID_PATTERN)
  .meta({ description: "An operation id: 3-64 letters, digits, '.', '_', '-', alphanumeric at both ends." });

const operationErrorSchema = z
  .strictObject({
    code: z.string(),
    message: z.string(),
    // One level is described; deeper `details` pass as they are.
    details: z.array(z.looseObject({ code: z.string(), message: z.string() })).optional(),
  })
  .meta({
    id: 'OperationError',
    description: "Why an operation failed: the service's code, or Expired, ...",
  });

export const operationResourceSchema = z
  .strictObject({
    id: operationIdSchema,
    status: z.enum(Object.values(OperationStatus)),
    action: z.enum(ACTIONS),
    target: operationKinds.schemas.target,
    createdDateTime: dateTime,
    lastActionDateTime: dateTime,
    upstream: z
      .strictObject({
        operationId: z.string().optional(),
        operationLocation: z.string().optional(),
        status: z.string().optional().meta({ description: "The service's own status word." }),
      })
      .optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    error: operationErrorSchema.optional(),
  })
  .meta({
    id: 'Operation',
    description:
      'The operation resource: NotStarted until the executor has called the service, Running while the service works, then terminal (Succeeded, Failed, Canceled).',
  });

export const operationPageSchema = z
  .strictObject({ value: z.array(operationResourceSchema), nextLink: z.url().optional() })
  .meta({
    id: 'OperationPage',
    description: 'A page of operations, newest first; nextLink when more exist.',
  });

/** The CloudEvents 1.0 completion event, on the topic and as POSTed to `EVENT_WEBHOOKS`. */
export const operationEventSchema = z
  .strictObject({
    specversion: z.literal('1.0'),
    id: z.string(),
    source: z.string(),
    type: z.enum(Object.values(OPERATION_EVENT_TYPES)),
    subject: z.string(),
    time: dateTime,
    datacontenttype: z.literal('application/json'),
    data: operationResourceSchema,
    traceparent: z.string().optional(),
    tracestate: z.string().optional(),
  })
  .meta({
    id: 'OperationEvent',
    description:
      'A CloudEvents 1.0 structured JSON event, exactly one per operation that reaches a terminal status; data is the operation resource.',
  });

const endpointRefSchema = z.strictObject({
  resource: z.string(),
  endpointId: z.string().regex(UUID_PATTERN),
});
const scheduleTargetOutSchema = z.union([z.strictObject({ alias: z.string() }), endpointRefSchema]);
const instantSchema = z
  .strictObject({ utc: dateTime, local: z.string().meta({ description: 'Local time with its offset.' }) })
  .nullable();

export const scheduleResourceSchema = z
  .strictObject({
    name: z.string().regex(SCHEDULE_NAME_PATTERN),
    targets: z.array(scheduleTargetOutSchema),
    timeZone: z.string(),
    suspendAt: z.string(),
    resumeAt: z.string(),
    exceptions: z.array(z.union([z.string(), z.strictObject({ from: z.string(), to: z.string() })])),
    enabled: z.boolean(),
    createdDateTime: dateTime,
    lastModifiedDateTime: dateTime,
    next: z.strictObject({ suspend: instantSchema, resume: instantSchema }),
    desiredState: z.enum(['running', 'suspended']).nullable(),
  })
  .meta({ id: 'Schedule', description: 'An off-hours schedule with its next transitions.' });

const overrideFields = {
  id: z.string(),
  targets: z.array(endpointRefSchema),
  hold: z.enum(['running', 'suspended']),
  createdDateTime: dateTime,
  until: dateTime,
  untilLocal: z.string(),
};

export const overrideResourceSchema = z
  .strictObject(overrideFields)
  .meta({ id: 'ScheduleOverride', description: 'A temporary hold of schedule targets.' });

export const overrideChangeSchema = z
  .strictObject({
    ...overrideFields,
    endedDateTime: dateTime.optional(),
    operations: z.array(operationResourceSchema),
  })
  .meta({
    id: 'ScheduleOverrideChange',
    description: 'An override made or ended, with the operations submitted for it.',
  });

export const savingsReportSchema = z
  .strictObject({
    name: z.string(),
    days: z.number().int(),
    from: dateTime,
    to: dateTime,
    targets: z.array(
      z.strictObject({
        resource: z.string(),
        endpointId: z.string(),
        aliases: z.array(z.string()),
        suspendedHours: z.number(),
      }),
    ),
    totalSuspendedHours: z.number(),
    historyComplete: z.boolean(),
  })
  .meta({ id: 'SavingsReport', description: 'Hours suspended per target through one schedule.' });

export const aliasListSchema = z
  .strictObject({
    value: z.array(z.strictObject({ name: z.string(), resource: z.string(), endpointId: z.string() })),
  })
  .meta({ id: 'AliasList' });

export const healthSchema = z
  .strictObject({
    status: z.enum(['Healthy', 'Degraded', 'Unhealthy']),
    checks: z.record(z.string(), z.enum(['Healthy', 'Unhealthy'])),
    features: z
      .record(z.string(), z.strictObject({ status: z.literal('Degraded'), settings: z.array(z.string()) }))
      .optional(),
    errors: z
      .array(
        z.strictObject({ code: z.literal('ServiceNotConfigured'), target: z.string(), message: z.string() }),
      )
      .optional(),
  })
  .meta({ id: 'Health' });

export const slackAcknowledgementSchema = z
  .strictObject({ response_type: z.literal('ephemeral'), text: z.string() })
  .meta({
    id: 'SlackAcknowledgement',
    description: 'The ephemeral message Slack shows the person who typed.',
  });

export const teamsReplySchema = z
  .strictObject({ type: z.literal('message'), text: z.string() })
  .meta({ id: 'TeamsReply', description: 'The reply Teams shows in the conversation.' });

const errorDetailSchema = z
  .strictObject({ code: z.string(), message: z.string(), target: z.string().optional() })
  .meta({ id: 'ErrorDetail', description: 'One problem of a refused request.' });

/** The Azure error shape with `code` restricted to `codes` (those of one status, or of one route). */
export function errorBodySchema(codes: readonly ErrorCode[]) {
  return z.strictObject({
    error: z.strictObject({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z
        .string()
        .meta({ description: "For people: names the field at fault, in the app's own words." }),
      target: z.string().optional().meta({ description: 'The field, parameter or setting at fault.' }),
      details: z
        .array(errorDetailSchema)
        .optional()
        .meta({ description: 'Every problem, when there are several.' }),
    }),
  });
}

/** Every code of the table, with its status, for the `ErrorCode` component. */
export const errorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).meta({
  id: 'ErrorCode',
  description: Object.entries(ERROR_CODES)
    .map(([code, { status, meaning }]) => `${code} (${status}): ${meaning}`)
    .join('\n'),
});
