import { z } from 'zod';
import { operationKinds } from '../../kinds/index.js';
import { genericWebhookBodySchema } from '../../chatops/generic.js';
import { teamsActivitySchema } from '../../chatops/teams.js';
import { reportQuerySchema } from '../../schedules/savings-report.js';
import { overrideRequestSchema } from '../../schedules/overrides.js';
import { SCHEDULE_NAME_PATTERN, scheduleSpecSchema } from '../../schedules/schedule.js';
import type { ErrorCode } from '../error-codes.js';
import {
  deadLetterEntitySchema,
  deadLetterListQuerySchema,
  deadLetterListSchema,
  deadLetterReplaySchema,
} from '../dead-letter-schemas.js';
import { listOperationsQuerySchema } from '../operations-query.js';
import {
  aliasListSchema,
  healthSchema,
  operationIdSchema,
  operationPageSchema,
  operationResourceSchema,
  overrideChangeSchema,
  overrideResourceSchema,
  savingsReportSchema,
  scheduleResourceSchema,
  slackAcknowledgementSchema,
  teamsReplySchema,
} from './schemas.js';

/**
 * The documentation of every HTTP route, in one place: the OpenAPI document is built from it and the
 * request schemas that validate each route. Keyed `'<METHOD> <route>'` exactly as the function
 * definition has it (`'GET operations/{id}'`); a test fails naming any route of the hosts without an
 * entry here, or an entry without a route.
 *
 * Adding a route: add its entry with a summary, its parameters and body (reuse the zod schemas the
 * handler validates with), its success answers, and every error code it can answer (`errors`; the codes
 * every route can answer are added by the document builder). Then `npm run openapi`.
 */
export interface RouteDoc {
  /** The function's name (the definition's `name`), the operationId of the document. */
  name: string;
  summary: string;
  description?: string;
  tag: RouteTag;
  /** `anonymous` for routes a platform probe must reach; the rest need a function key in Azure. */
  authLevel?: 'anonymous';
  params?: {
    path?: z.ZodObject;
    query?: z.ZodObject;
    header?: z.ZodObject;
  };
  body?: { contentType: string; schema: z.ZodType; description?: string };
  /** Success answers by status. */
  responses: Record<number, ResponseDoc>;
  /** The error codes this route answers besides those of every route. */
  errors: ErrorCode[];
}

export interface ResponseDoc {
  description: string;
  /** Absent for an answer without a body. */
  content?: { contentType: string; schema: z.ZodType };
  headers?: z.ZodObject;
}

export type RouteTag = 'Commands' | 'Operations' | 'Schedules' | 'Chat-ops' | 'Dead letters' | 'App';

const json = (schema: z.ZodType) => ({ contentType: 'application/json', schema });

/** What a body-reading route refuses before its own checks. */
const BODY_ERRORS: ErrorCode[] = ['UnsupportedMediaType', 'InvalidJson', 'RequestBodyTooLarge'];
/** What a zod schema refuses (see `src/domain/schema-issues.ts`). */
const SCHEMA_ERRORS: ErrorCode[] = [
  'UnknownField',
  'MissingField',
  'InvalidType',
  'InvalidValue',
  'InvalidFormat',
];
/** What every signed chat webhook refuses. */
const SIGNED_WEBHOOK_ERRORS: ErrorCode[] = [
  'Unauthorized',
  'MissingSignature',
  'InvalidSignature',
  'StaleTimestamp',
  'UnsupportedMediaType',
  'RequestBodyTooLarge',
  'FeatureUnavailable',
];

const operationLocationHeaders = z.object({
  'Operation-Id': operationIdSchema.meta({
    description: 'The operation id (the idempotency key when one was sent).',
  }),
  'Operation-Location': z
    .url()
    .meta({ description: "The operation's status monitor, GET /api/operations/{id}." }),
});

const scheduleNameParam = z.object({
  name: z.string().regex(SCHEDULE_NAME_PATTERN).meta({ description: 'The schedule name.' }),
});

export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'POST commands': {
    name: 'submitCommand',
    tag: 'Commands',
    summary: 'Submit a command: suspend, resume or status-check',
    description:
      'Validates, records and enqueues one command and answers at once with its status monitor. The same Operation-Id with the same body returns the same operation; with another body it is 400 OperationIdReused. Nothing is enqueued for a refused request.',
    params: {
      header: z.object({
        'Operation-Id': operationIdSchema
          .optional()
          .meta({ description: 'Idempotency key, sent upstream as the Operation-Id of the service call.' }),
      }),
    },
    body: json(operationKinds.schemas.commandRequest),
    responses: {
      202: {
        description: 'Accepted: the operation, NotStarted.',
        content: json(operationResourceSchema),
        headers: operationLocationHeaders,
      },
    },
    errors: [
      ...BODY_ERRORS,
      ...SCHEMA_ERRORS,
      'InvalidUuid',
      'UnknownAction',
      'UnknownTargetKind',
      'InvalidOperationId',
      'OperationIdReused',
      'UnknownResource',
      'InvalidOperationLocation',
      'OperationLocationTooLong',
      'OperationLocationHasCredentials',
      'OperationLocationHasFragment',
      'OperationLocationNotHttps',
      'OperationLocationNotOnResource',
    ],
  },
  'GET operations/{id}': {
    name: 'getOperation',
    tag: 'Operations',
    summary: 'Get an operation (the status monitor)',
    params: { path: z.object({ id: operationIdSchema }) },
    responses: {
      200: {
        description: 'The operation. While it is not terminal, Retry-After says when to look again.',
        content: json(operationResourceSchema),
        headers: z.object({
          'Retry-After': z
            .string()
            .regex(/^\d+$/)
            .optional()
            .meta({ description: 'Seconds until the next planned look (while NotStarted or Running).' }),
        }),
      },
    },
    errors: ['InvalidOperationId', 'OperationNotFound'],
  },
  'GET operations': {
    name: 'listOperations',
    tag: 'Operations',
    summary: 'List operations',
    params: { query: listOperationsQuerySchema },
    responses: { 200: { description: 'A page of operations.', content: json(operationPageSchema) } },
    errors: ['UnknownField', 'InvalidType', 'InvalidValue', 'InvalidSkipToken'],
  },
  'GET aliases': {
    name: 'listAliases',
    tag: 'App',
    summary: 'List the endpoint aliases of ENDPOINT_ALIASES',
    responses: { 200: { description: 'The aliases, by name.', content: json(aliasListSchema) } },
    errors: [],
  },
  'GET dashboard': {
    name: 'dashboard',
    tag: 'App',
    summary: 'The status page (HTML)',
    responses: {
      200: {
        description: 'A static page whose script reads this API.',
        content: { contentType: 'text/html', schema: z.string() },
      },
    },
    errors: [],
  },
  'GET health': {
    name: 'health',
    tag: 'App',
    summary: 'Health: can the app reach its storage and bus?',
    authLevel: 'anonymous',
    responses: {
      200: {
        description: 'Healthy, or Degraded when an optional feature is off.',
        content: json(healthSchema),
      },
      503: {
        description: 'Unhealthy: what does not answer, or the setting that keeps the app from starting.',
        content: json(healthSchema),
      },
    },
    errors: [],
  },
  'GET openapi.json': {
    name: 'openApiDocument',
    tag: 'App',
    summary: 'This OpenAPI 3.1 document',
    authLevel: 'anonymous',
    responses: {
      200: { description: 'The document.', content: json(z.looseObject({ openapi: z.literal('3.1.0') })) },
    },
    errors: [],
  },
  'PUT schedules/{name}': {
    name: 'putSchedule',
    tag: 'Schedules',
    summary: 'Create or replace a schedule',
    params: { path: scheduleNameParam },
    body: json(scheduleSpecSchema),
    responses: {
      200: { description: 'Replaced.', content: json(scheduleResourceSchema) },
      201: { description: 'Created.', content: json(scheduleResourceSchema) },
    },
    errors: [
      'InvalidScheduleName',
      ...BODY_ERRORS,
      ...SCHEMA_ERRORS,
      'InvalidUuid',
      'InvalidTimeZone',
      'InvalidCronExpression',
      'InvalidDate',
      'InvalidDateRange',
      'InvalidTarget',
      'DuplicateTarget',
      'UnknownAlias',
      'UnknownResource',
      'Conflict',
      'FeatureUnavailable',
    ],
  },
  'GET schedules/{name}': {
    name: 'getSchedule',
    tag: 'Schedules',
    summary: 'Get a schedule with its next transitions',
    params: { path: scheduleNameParam },
    responses: { 200: { description: 'The schedule.', content: json(scheduleResourceSchema) } },
    errors: ['InvalidScheduleName', 'ScheduleNotFound'],
  },
  'GET schedules': {
    name: 'listSchedules',
    tag: 'Schedules',
    summary: 'List schedules',
    responses: {
      200: {
        description: 'Every schedule.',
        content: json(z.strictObject({ value: z.array(scheduleResourceSchema) })),
      },
    },
    errors: [],
  },
  'DELETE schedules/{name}': {
    name: 'deleteSchedule',
    tag: 'Schedules',
    summary: 'Delete a schedule',
    params: { path: scheduleNameParam },
    responses: { 204: { description: 'Deleted.' } },
    errors: ['InvalidScheduleName', 'ScheduleNotFound'],
  },
  'POST schedules/{name}/overrides': {
    name: 'createScheduleOverride',
    tag: 'Schedules',
    summary: 'Hold schedule targets running or suspended until a time',
    description: 'Stored first, then the hold command of each target is submitted at once.',
    params: { path: scheduleNameParam },
    body: json(overrideRequestSchema),
    responses: {
      201: { description: 'The override and its operations.', content: json(overrideChangeSchema) },
    },
    errors: [
      'InvalidScheduleName',
      'ScheduleNotFound',
      ...BODY_ERRORS,
      ...SCHEMA_ERRORS,
      'InvalidUuid',
      'InvalidTarget',
      'NotAScheduleTarget',
    ],
  },
  'GET schedules/{name}/overrides': {
    name: 'listScheduleOverrides',
    tag: 'Schedules',
    summary: 'List the overrides in force',
    params: { path: scheduleNameParam },
    responses: {
      200: {
        description: 'Overrides in force, soonest end first.',
        content: json(z.strictObject({ value: z.array(overrideResourceSchema) })),
      },
    },
    errors: ['InvalidScheduleName', 'ScheduleNotFound'],
  },
  'DELETE schedules/{name}/overrides/{overrideId}': {
    name: 'endScheduleOverride',
    tag: 'Schedules',
    summary: 'End an override early',
    description: "Its targets go back to the schedule's state, unless another override holds them.",
    params: { path: scheduleNameParam.extend({ overrideId: z.string() }) },
    responses: {
      200: { description: 'The ended override and its operations.', content: json(overrideChangeSchema) },
    },
    errors: ['InvalidScheduleName', 'ScheduleNotFound', 'OverrideNotFound'],
  },
  'GET schedules/{name}/report': {
    name: 'getScheduleReport',
    tag: 'Schedules',
    summary: 'Savings report: hours suspended per target',
    params: { path: scheduleNameParam, query: reportQuerySchema },
    responses: { 200: { description: 'The report.', content: json(savingsReportSchema) } },
    errors: ['InvalidScheduleName', 'ScheduleNotFound', 'UnknownField', 'InvalidType', 'InvalidValue'],
  },
  'GET deadletters': {
    name: 'listDeadLetters',
    tag: 'Dead letters',
    summary: "List an entity's dead letters, oldest first",
    description:
      'Commands the executor could never carry out, and webhook deliveries that failed for good; bodies are shown with URLs cut to their origin and secret fields left out.',
    params: { query: deadLetterListQuerySchema },
    responses: { 200: { description: 'The dead letters.', content: json(deadLetterListSchema) } },
    errors: ['UnknownField', 'MissingField', 'InvalidType', 'InvalidValue'],
  },
  'POST deadletters/{entity}/{id}:replay': {
    name: 'replayDeadLetter',
    tag: 'Dead letters',
    summary: 'Send a dead letter back to its queue',
    description:
      'Sent back under a replay messageId (duplicate detection keeps it), then removed from the dead letters.',
    params: {
      path: z.object({
        entity: deadLetterEntitySchema,
        id: z.string().meta({ description: "The dead letter's id, as the list shows it." }),
      }),
    },
    responses: { 202: { description: 'Sent back.', content: json(deadLetterReplaySchema) } },
    errors: ['DeadLetterNotFound'],
  },
  'POST webhooks/slack': {
    name: 'slackWebhook',
    tag: 'Chat-ops',
    summary: 'Slack slash command',
    description:
      "Signed with SLACK_SIGNING_SECRET (v0 HMAC over timestamp and raw body). Answers at once with an ephemeral message; the completion notice goes to response_url. Slack's ssl_check=1 is acknowledged with an empty 200.",
    params: {
      header: z.object({
        'X-Slack-Signature': z.string().meta({ description: 'v0=<hex HMAC-SHA256>' }),
        'X-Slack-Request-Timestamp': z.string().regex(/^\d+$/).meta({ description: 'Unix seconds.' }),
      }),
    },
    body: {
      contentType: 'application/x-www-form-urlencoded',
      description: 'The form Slack posts (read by parseSlackSlashCommand; other fields are ignored).',
      schema: z.looseObject({
        text: z
          .string()
          .optional()
          .meta({ description: 'e.g. "suspend jessica", "status <operation id>", "help"' }),
        user_id: z.string(),
        channel_id: z.string(),
        response_url: z.url(),
        team_id: z.string().optional(),
        trigger_id: z.string().optional(),
      }),
    },
    responses: {
      200: {
        description: 'The acknowledgement (none for ssl_check).',
        content: json(slackAcknowledgementSchema),
      },
    },
    errors: [...SIGNED_WEBHOOK_ERRORS, 'InvalidSlashCommand'],
  },
  'POST webhooks/teams': {
    name: 'teamsWebhook',
    tag: 'Chat-ops',
    summary: 'Teams outgoing webhook',
    description:
      'Signed with TEAMS_WEBHOOK_SECRET (HMAC-SHA256 of the raw body). Answers with a reply in the conversation; completion notices go to TEAMS_INCOMING_WEBHOOK_URL.',
    params: {
      header: z.object({
        Authorization: z.string().meta({ description: 'HMAC <base64 HMAC-SHA256 of the body>' }),
      }),
    },
    body: json(teamsActivitySchema),
    responses: { 200: { description: 'The reply.', content: json(teamsReplySchema) } },
    errors: [...SIGNED_WEBHOOK_ERRORS, 'InvalidJson', 'InvalidActivity'],
  },
  'POST webhooks/generic': {
    name: 'genericWebhook',
    tag: 'Chat-ops',
    summary: 'Generic command webhook (Standard Webhooks signature)',
    description:
      'Signed per Standard Webhooks with WEBHOOK_SECRET; webhook-id is the idempotency key. Answers like POST /api/commands, or 200 with the operation for status.',
    params: {
      header: z.object({
        'webhook-id': z.string(),
        'webhook-timestamp': z.string().regex(/^\d+$/),
        'webhook-signature': z
          .string()
          .meta({ description: 'v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">' }),
      }),
    },
    body: json(genericWebhookBodySchema),
    responses: {
      200: { description: 'status: the operation.', content: json(operationResourceSchema) },
      202: {
        description: 'suspend or resume accepted.',
        content: json(operationResourceSchema),
        headers: operationLocationHeaders,
      },
    },
    errors: [
      ...SIGNED_WEBHOOK_ERRORS,
      'InvalidJson',
      ...SCHEMA_ERRORS,
      'InvalidUuid',
      'UnknownAction',
      'InvalidCallbackUrl',
      'UnknownAlias',
      'Forbidden',
      'UnknownResource',
      'OperationNotFound',
    ],
  },
};
