import type { HttpRequest } from '@azure/functions';
import type { GetServices } from '../composition/app-services.js';
import { acceptedResponse } from '../http/accepted-response.js';
import { ApiError } from '../http/api-error.js';
import { withApiErrors } from '../http/handle-errors.js';
import { readJsonBody } from '../http/request-body.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import { operationKinds } from '../kinds/index.js';
import { OPERATION_ID_PATTERN } from '../shared/ids.js';
import type { HttpFunctionDefinition } from './definition.js';

/** The queue message schema's limit for `requestedBy.principal`. */
const MAX_PRINCIPAL_LENGTH = 256;

/** `POST /api/commands`: validates, records and enqueues one command; answers 202 with a status monitor. */
export function commandsFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'submitCommand',
    methods: ['POST'],
    route: 'commands',
    handler: withApiErrors(async (request, context) => {
      const operationId = readOperationIdHeader(request);
      const command = parseOrRefuse(operationKinds.schemas.commandRequest, await readJsonBody(request));
      const services = await getServices();
      const principal = authenticatedPrincipal(request);
      const { operation, created } = await services.submit({
        ...(operationId ? { id: operationId } : {}),
        action: command.action,
        target: command.target,
        requestedBy: { source: 'http', ...(principal ? { principal } : {}) },
      });
      context.log(
        `Command ${operation.id}: ${operation.action} accepted${created ? '' : ' (repeat of a known request)'}.`,
      );
      return acceptedResponse(services.settings.publicBaseUrl, request, operation);
    }),
  };
}

/**
 * The signed-in caller when App Service Authentication is on (it sets both headers and drops any a client
 * sent); otherwise no principal is recorded rather than one the caller made up.
 */
function authenticatedPrincipal(request: HttpRequest): string | undefined {
  const name = request.headers.get('x-ms-client-principal-name');
  if (!name || !request.headers.get('x-ms-client-principal-id')) return undefined;
  return name.slice(0, MAX_PRINCIPAL_LENGTH);
}

function readOperationIdHeader(request: HttpRequest): string | undefined {
  const value = request.headers.get('operation-id');
  if (value === null) return undefined;
  if (!OPERATION_ID_PATTERN.test(value)) {
    throw new ApiError(
      'InvalidOperationId',
      "The Operation-Id header must be 3-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit.",
      'Operation-Id',
    );
  }
  return value;
}
