import { randomUUID } from 'node:crypto';
import {
  headerValue,
  UUID_PATTERN,
  type RouteMatcher,
  type ServiceRequest,
  type ServiceRoute,
} from '../http/route.js';
import { jsonResponse, serviceError, type SimResponse } from '../http/response.js';
import type { SimulatorContext } from '../state.js';
import {
  CUSTOM_VOICE_API_VERSIONS,
  endpointBody,
  isTerminalVoiceOperation,
  readEndpoint,
  readVoiceOperation,
  refusalOf,
  settleEndpoint,
  startTransition,
  type Verb,
  type VoiceOperation,
} from './model.js';

/** `Operation-Id` and operation ids (`OperationId` of the swagger). */
export const OPERATION_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/;

/** Seconds a caller should wait before asking a running operation again. */
export const OPERATION_RETRY_AFTER_SECONDS = 1 as const;

const SERVICE = 'customvoice' as const;

/**
 * `/customvoice/endpoints/{id}` (GET), `/customvoice/endpoints/{id}:suspend|:resume` (POST) and
 * `/customvoice/operations/{id}` (GET).
 */
export function customVoiceRoutes(context: SimulatorContext): RouteMatcher {
  return (segments) => {
    if (segments[0] !== 'customvoice' || segments.length !== 3) return undefined;
    const [, collection, last = ''] = segments;
    if (collection === 'operations') {
      return route(['GET'], (request) => getOperation(context, request, last));
    }
    if (collection !== 'endpoints') return undefined;
    const colon = last.lastIndexOf(':');
    if (colon < 0) return route(['GET'], (request) => getEndpoint(context, request, last));
    const action = last.slice(colon + 1);
    if (action !== 'suspend' && action !== 'resume') return undefined;
    return route(['POST'], (request) => transition(context, request, last.slice(0, colon), action));
  };
}

function route(methods: readonly string[], handle: (request: ServiceRequest) => SimResponse): ServiceRoute {
  return { service: SERVICE, methods, handle };
}

/** A 400 for a missing or unknown api-version, or undefined when it is one of the three. */
function checkApiVersion(request: ServiceRequest): SimResponse | undefined {
  const apiVersion = request.url.searchParams.get('api-version');
  if (apiVersion === null || apiVersion === '') {
    return serviceError(SERVICE, 400, 'invalidInput', 'The api-version query parameter is required.', {
      target: 'api-version',
    });
  }
  if ((CUSTOM_VOICE_API_VERSIONS as readonly string[]).includes(apiVersion)) return undefined;
  return serviceError(
    SERVICE,
    400,
    'invalidInput',
    `The api-version is not supported. Supported versions: ${CUSTOM_VOICE_API_VERSIONS.join(', ')}.`,
    { target: 'api-version' },
  );
}

function checkEndpointId(id: string): SimResponse | undefined {
  if (UUID_PATTERN.test(id)) return undefined;
  return serviceError(SERVICE, 400, 'invalidInput', 'The endpoint id must be a UUID.', { target: 'id' });
}

function endpointNotFound(id: string): SimResponse {
  return serviceError(SERVICE, 404, 'notFound', `Endpoint ${id} was not found.`, { target: 'id' });
}

function getEndpoint(context: SimulatorContext, request: ServiceRequest, rawId: string): SimResponse {
  const invalid = checkApiVersion(request) ?? checkEndpointId(rawId);
  if (invalid) return invalid;
  const endpoint = context.state.endpoints.get(rawId.toLowerCase());
  if (!endpoint) return endpointNotFound(rawId);
  return jsonResponse(200, endpointBody(endpoint, request.nowMs));
}

function operationLocation(request: ServiceRequest, operation: VoiceOperation): string {
  const query = new URLSearchParams({ 'api-version': operation.apiVersion });
  return `${request.baseUrl}/customvoice/operations/${encodeURIComponent(operation.id)}?${query.toString()}`;
}

/** The 202 of a started (or repeated) suspend/resume: the endpoint as it is now, and its status monitor. */
function accepted(
  context: SimulatorContext,
  request: ServiceRequest,
  operation: VoiceOperation,
): SimResponse {
  const endpoint = context.state.endpoints.get(operation.endpointId);
  return jsonResponse(202, endpoint ? endpointBody(endpoint, request.nowMs) : undefined, {
    'Operation-Id': operation.id,
    'Operation-Location': operationLocation(request, operation),
  });
}

function transition(
  context: SimulatorContext,
  request: ServiceRequest,
  rawId: string,
  verb: Verb,
): SimResponse {
  const invalid = checkApiVersion(request) ?? checkEndpointId(rawId);
  if (invalid) return invalid;
  const apiVersion = request.url.searchParams.get('api-version') ?? '';
  const endpointId = rawId.toLowerCase();

  const sentOperationId = headerValue(request.headers, 'operation-id');
  if (sentOperationId !== undefined && !OPERATION_ID_PATTERN.test(sentOperationId)) {
    return serviceError(
      SERVICE,
      400,
      'invalidInput',
      'The Operation-Id header must be 3-64 letters, digits, ".", "_" or "-", starting and ending with a letter or digit.',
      { target: 'Operation-Id' },
    );
  }
  const operationId = sentOperationId ?? randomUUID();
  const requestSignature = `${request.method} /customvoice/endpoints/${endpointId}:${verb}?api-version=${apiVersion}`;

  // A repeated Operation-Id is checked first: an identical retry must get its 202 back even after the
  // endpoint has moved on, and must not start anything.
  const earlier = context.state.voiceOperations.get(operationId);
  if (earlier) {
    if (earlier.requestSignature === requestSignature) return accepted(context, request, earlier);
    return serviceError(
      SERVICE,
      400,
      'rejected',
      `Operation-Id ${operationId} was already used by a request that is not identical to this one.`,
      { target: 'Operation-Id' },
    );
  }

  const stored = context.state.endpoints.get(endpointId);
  if (!stored) return endpointNotFound(rawId);
  const endpoint = settleEndpoint(stored, request.nowMs);
  const refusal = refusalOf(verb, readEndpoint(endpoint, request.nowMs).status);
  if (refusal) return serviceError(SERVICE, 400, 'rejected', refusal, { target: 'id' });

  const started = startTransition(
    endpoint,
    { verb, operationId, requestSignature, apiVersion },
    request.nowMs,
    context.timeScale,
  );
  context.state.endpoints.set(endpointId, started.endpoint);
  context.state.voiceOperations.set(operationId, started.operation);
  return accepted(context, request, started.operation);
}

function getOperation(context: SimulatorContext, request: ServiceRequest, id: string): SimResponse {
  const invalid = checkApiVersion(request);
  if (invalid) return invalid;
  if (!OPERATION_ID_PATTERN.test(id)) {
    return serviceError(SERVICE, 400, 'invalidInput', 'The operation id is malformed.', { target: 'id' });
  }
  const operation = context.state.voiceOperations.get(id);
  if (!operation)
    return serviceError(SERVICE, 404, 'notFound', `Operation ${id} was not found.`, { target: 'id' });
  const status = readVoiceOperation(operation, request.nowMs);
  return jsonResponse(
    200,
    { id: operation.id, status },
    isTerminalVoiceOperation(status) ? {} : { 'Retry-After': String(OPERATION_RETRY_AFTER_SECONDS) },
  );
}
