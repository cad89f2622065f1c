import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { OperationResource } from '../domain/operation.js';

/** The URL of an operation's status monitor, on whichever host served the request. */
export function operationLocation(request: HttpRequest, id: string): string {
  return `${new URL(request.url).origin}/api/operations/${encodeURIComponent(id)}`;
}

/** `202 Accepted` with the Azure long-running-operation headers and the operation as the body. */
export function acceptedResponse(request: HttpRequest, operation: OperationResource): HttpResponseInit {
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
