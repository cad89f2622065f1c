import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { RequestRefusedError } from '../domain/refusal.js';
import { ConfigurationError } from '../config/env.js';
import { ApiError, apiErrorOf, errorResponse } from './api-error.js';
import { serviceNotConfiguredError } from './unavailable.js';

type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Maps what a handler throws to the Azure error shape: `ApiError` as it is, a domain refusal with its
 * status (`apiErrorOf`), a `ConfigurationError` (the services could not be built) as
 * `503 ServiceNotConfigured` naming the setting, anything else as `500` with a generic message (the
 * detail goes to the log, never to the caller).
 */
export function withApiErrors(handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      if (error instanceof RequestRefusedError) return errorResponse(apiErrorOf(error));
      // The services could not be built: a setting is missing or malformed. Nothing was accepted.
      if (error instanceof ConfigurationError) return errorResponse(serviceNotConfiguredError(error));
      context.error(
        `Unhandled error in ${context.functionName}:`,
        error instanceof Error ? error.message : error,
      );
      return errorResponse(new ApiError('InternalServerError', 'The server could not process the request.'));
    }
  };
}
