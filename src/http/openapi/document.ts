import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
  type oas31,
} from 'zod-openapi';
import { ERROR_CODES, type ErrorCode } from '../error-codes.js';
import { ROUTE_DOCS, type RouteDoc } from './route-docs.js';
import { errorBodySchema, errorCodeSchema, operationEventSchema } from './schemas.js';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from `ROUTE_DOCS` and the zod schemas that validate the
 * requests. Pure and deterministic: `GET /api/openapi.json` serves it and `npm run openapi` writes it to
 * `docs/openapi.json`, which a test compares with a fresh build.
 */

/** Codes any route can answer: the app failed, or cannot run without a setting. */
const EVERY_ROUTE_ERRORS: ErrorCode[] = ['InternalServerError', 'ServiceNotConfigured'];

/**
 * Codes the host answers before any route runs (no route, another method, an unparsable request): they
 * belong to no operation, so the document has them as `components.responses`.
 */
export const HOST_ERROR_CODES: readonly ErrorCode[] = [
  'NotFound',
  'MethodNotAllowed',
  'InvalidUrl',
  'BadRequest',
  'RequestEntityTooLarge',
  'RequestHeaderFieldsTooLarge',
];

const errorCodeHeader = (codes: readonly ErrorCode[]) =>
  z.enum(codes as [ErrorCode, ...ErrorCode[]]).meta({ description: 'The same code as error.code.' });

function errorResponse(
  codes: readonly ErrorCode[],
  extraHeaders: Record<string, z.ZodType> = {},
): ZodOpenApiResponseObject {
  return {
    description: codes.map((code) => `${code}: ${ERROR_CODES[code].meaning}`).join('\n\n'),
    headers: z.object({ 'x-ms-error-code': errorCodeHeader(codes), ...extraHeaders }),
    content: { 'application/json': { schema: errorBodySchema(codes) } },
  };
}

/** The route's error codes grouped by their one status. */
function errorResponses(doc: RouteDoc): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...doc.errors, ...EVERY_ROUTE_ERRORS])) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[`${status}` as `4${string}`] = errorResponse(codes.sort());
  }
  return responses;
}

function operationOf(method: string, route: string, doc: RouteDoc): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    responses[status as `2${string}`] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(response.content
        ? { content: { [response.content.contentType]: { schema: response.content.schema } } }
        : {}),
    };
  }
  return {
    operationId: doc.name,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    ...(doc.authLevel === 'anonymous' ? { security: [] } : {}),
    ...(doc.params ? { requestParams: doc.params } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            ...(doc.body.description ? { description: doc.body.description } : {}),
            content: { [doc.body.contentType]: { schema: doc.body.schema } },
          },
        }
      : {}),
    responses: { ...responses, ...errorResponses(doc) },
    'x-route': `${method} ${route}`,
  };
}

/** `'GET operations/{id}'` -> the method and the route under `/api`. */
export function splitRouteKey(key: string): { method: string; route: string } {
  const [method = '', route = ''] = key.split(' ');
  return { method, route };
}

export function buildOpenApiDocument(): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const [key, doc] of Object.entries(ROUTE_DOCS).sort(([a], [b]) => a.localeCompare(b))) {
    const { method, route } = splitRouteKey(key);
    const path = `/api/${route}`;
    paths[path] = { ...paths[path], [method.toLowerCase()]: operationOf(method, route, doc) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'cognitive-ops',
      version: '0.1.0',
      description:
        'Suspend and resume custom voice endpoints, follow long-running operations of Azure AI services, and hear when they finish. Errors have the Azure shape with an x-ms-error-code header; every code and its one status is in components.schemas.ErrorCode and docs/errors.md. Long-running commands answer 202 with Operation-Id and Operation-Location; the status monitor answers Retry-After while the operation runs.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The app: the Functions host, or the standalone host (npm start).' }],
    security: [{ functionKey: [] }, { functionKeyQuery: [] }],
    tags: [
      { name: 'Commands', description: 'Long-running commands on AI resources.' },
      { name: 'Operations', description: 'The operations the commands became.' },
      { name: 'Schedules', description: 'Off-hours schedules, their overrides and savings.' },
      { name: 'Chat-ops', description: 'Signed inbound webhooks of chat platforms.' },
      { name: 'Dead letters', description: 'Messages that could not be handled, and their replay.' },
      { name: 'App', description: 'Health, aliases, the status page, this document.' },
    ],
    paths,
    webhooks: {
      operationEvent: {
        post: {
          operationId: 'operationEvent',
          summary: 'A completion event, POSTed to each EVENT_WEBHOOKS url whose types match',
          description:
            'Also published on the Service Bus topic operation-events (messageId = id, type in an application property). Signed per Standard Webhooks when the subscriber has a secret; retried on failure.',
          requestParams: {
            header: z.object({
              'webhook-id': z.string().optional().meta({ description: 'The event id (with a secret).' }),
              'webhook-timestamp': z
                .string()
                .optional()
                .meta({ description: 'Unix seconds (with a secret).' }),
              'webhook-signature': z.string().optional().meta({
                description:
                  'v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"> (with a secret).',
              }),
            }),
          },
          requestBody: {
            required: true,
            // A reference, so the event is one component in the answers' (output) form.
            content: {
              'application/cloudevents+json': { schema: { $ref: '#/components/schemas/OperationEvent' } },
            },
          },
          responses: { '2XX': { description: 'Delivered. Anything else is retried.' } },
        },
      },
    },
    components: {
      securitySchemes: {
        functionKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-functions-key',
          description: 'A function key (Azure only).',
        },
        functionKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'code',
          description: 'A function key (Azure only).',
        },
      },
      schemas: { ErrorCode: errorCodeSchema, OperationEvent: operationEventSchema },
      responses: Object.fromEntries(
        HOST_ERROR_CODES.map((code) => [
          code,
          errorResponse(
            [code],
            code === 'MethodNotAllowed'
              ? {
                  Allow: z
                    .string()
                    .meta({ description: 'The methods the path accepts, e.g. "DELETE, GET, PUT".' }),
                }
              : {},
          ),
        ]),
      ),
    },
  });
}

/** The document as `docs/openapi.json` holds it and `GET /api/openapi.json` serves it. */
export function openApiDocumentText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
