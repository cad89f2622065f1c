import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { GetServices } from '../composition/app-services.js';
import { OPERATION_ID_PATTERN, commandRequestSchema } from '../domain/command-schema.js';
import type { OperationResource } from '../domain/operation.js';
import { ApiError } from '../http/api-error.js';
import { withApiErrors } from '../http/handle-errors.js';
import { readJsonBody, validationError } from '../http/request-body.js';
import type { HttpFunctionDefinition } from './definition.js';

/** `POST /api/commands`: validates, records and enqueues one command; answers 202 with a status monitor. */
export function commandsFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'submitCommand',
    methods: ['POST'],
    route: 'commands',
    handler: withApiErrors(async (request, context) => {
      const operationId = readOperationIdHeader(request);
      const parsed = commandRequestSchema.safeParse(await readJsonBody(request));
      if (!parsed.success) throw validationError(parsed.error);
      const services = await getServices();
      const principal = request.headers.get('x-ms-client-principal-name') ?? undefined;
      const { operation, created } = await services.submit({
        ...(operationId ? { id: operationId } : {}),
        action: parsed.data.action,
        target: parsed.data.target,
        requestedBy: { source: 'http', ...(principal ? { principal } : {}) },
      });
      context.log(
        `Command ${operation.id}: ${operation.action} accepted${created ? '' : ' (repeat of a known request)'}.`,
      );
      return acceptedResponse(request, operation);
    }),
  };
}

function readOperationIdHeader(request: HttpRequest): string | undefined {
  const value = request.headers.get('operation-id');
  if (value === null) return undefined;
  if (!OPERATION_ID_PATTERN.test(value)) {
    throw new ApiError(
      400,
      'InvalidOperationId',
      "The Operation-Id header must be 3-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit.",
      'Operation-Id',
    );
  }
  return value;
}

/** The URL of an operation's status monitor, on whichever host served the request. */
export function operationLocation(request: HttpRequest, id: string): string {
  return `${new URL(request.url).origin}/api/operations/${encodeURIComponent(id)}`;
}

function acceptedResponse(request: HttpRequest, operation: OperationResource): HttpResponseInit {
  return {
    status: 202,
    headers: {
      'content-type': 'application/json',
      'Operation-Id': operation.id,
      'Operation-Location': operationLocation(request, operation.id),
    },
    jsonBody: operation,
  };
}
