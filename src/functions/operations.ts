import type { HttpRequest } from '@azure/functions';
import type { GetServices } from '../composition/app-services.js';
import { toResource } from '../domain/lifecycle.js';
import { isTerminalStatus, type OperationRecord } from '../domain/operation.js';
import { ApiError } from '../http/api-error.js';
import { withApiErrors } from '../http/handle-errors.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import { listOperationsQuerySchema } from '../http/operations-query.js';
import { routeQuery } from '../http/route-query.js';
import { publicUrl } from '../config/public-base-url.js';
import { OPERATION_ID_PATTERN } from '../shared/ids.js';
import { InvalidContinuationTokenError } from '../storage/errors.js';
import type { HttpFunctionDefinition } from './definition.js';

/** `GET /api/operations/{id}`: the status monitor, with `Retry-After` while the operation is not over. */
export function getOperationFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'getOperation',
    methods: ['GET'],
    route: 'operations/{id}',
    handler: withApiErrors(async (request) => {
      const id = request.params.id ?? '';
      if (!OPERATION_ID_PATTERN.test(id)) {
        throw new ApiError('InvalidOperationId', `'${id.slice(0, 80)}' is not a valid operation id.`, 'id');
      }
      const services = await getServices();
      const stored = await services.operations.get(id);
      if (!stored) throw new ApiError('OperationNotFound', `No operation with id '${id}'.`, 'id');
      const record = stored.record;
      return {
        status: 200,
        headers: {
          'content-type': 'application/json',
          ...(isTerminalStatus(record.status)
            ? {}
            : { 'Retry-After': String(retryAfterSeconds(record, services.clock.now())) }),
        },
        jsonBody: toResource(record),
      };
    }),
  };
}

/**
 * Seconds until the next planned look, so a client polling us does not poll faster than we do. While
 * NotStarted, `nextCheckAt` is only the lost-message safety net; the executor normally starts at once.
 */
function retryAfterSeconds(record: OperationRecord, now: Date): number {
  if (record.status === 'NotStarted') return 1;
  const next = record.nextCheckAt ? Date.parse(record.nextCheckAt) : Number.NaN;
  if (Number.isNaN(next)) return 1;
  return Math.min(60, Math.max(1, Math.ceil((next - now.getTime()) / 1000)));
}

/** `GET /api/operations?status=&kind=&top=`: one page, `nextLink` when there are more. */
export function listOperationsFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'listOperations',
    methods: ['GET'],
    route: 'operations',
    handler: withApiErrors(async (request) => {
      const { status, kind, top, skipToken } = parseOrRefuse(listOperationsQuerySchema, routeQuery(request));
      const services = await getServices();
      let page;
      try {
        page = await services.operations.list({
          top,
          ...(status ? { status } : {}),
          ...(kind ? { kind } : {}),
          ...(skipToken ? { continuationToken: skipToken } : {}),
        });
      } catch (error) {
        if (error instanceof InvalidContinuationTokenError) {
          throw new ApiError(
            'InvalidSkipToken',
            'The skipToken is not valid; start again from the first page.',
            'skipToken',
          );
        }
        throw error;
      }
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        jsonBody: {
          value: page.items.map(toResource),
          ...(page.continuationToken
            ? { nextLink: nextLink(services.settings.publicBaseUrl, request, page.continuationToken) }
            : {}),
        },
      };
    }),
  };
}

function nextLink(baseUrl: string | undefined, request: HttpRequest, continuationToken: string): string {
  const url = new URL(request.url);
  url.searchParams.set('skipToken', continuationToken);
  return publicUrl(baseUrl, request.url, `${url.pathname}${url.search}`);
}
