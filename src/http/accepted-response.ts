import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { publicUrl } from '../config/public-base-url.js';
import type { OperationResource } from '../domain/operation.js';

/** The URL of an operation's status monitor, on the app's public base URL (see `readPublicBaseUrl`). */
export function operationLocation(baseUrl: string | undefined, request: HttpRequest, id: string): string {
  return publicUrl(baseUrl, request.url, `/api/operations/${encodeURIComponent(id)}`);
}

/** `202 Accepted` with the Azure long-running-operation headers and the operation as the body. */
export function acceptedResponse(
  baseUrl: string | undefined,
  request: HttpRequest,
  operation: OperationResource,
): HttpResponseInit {
  return {
    status: 202,
    headers: {
      'content-type': 'application/json',
      'Operation-Id': operation.id,
      'Operation-Location': operationLocation(baseUrl, request, operation.id),
    },
    jsonBody: operation,
  };
}
