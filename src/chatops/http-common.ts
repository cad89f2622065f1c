import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { ApiError, errorResponse } from '../http/api-error.js';
import type { Log } from '../pipeline/ports.js';
import type { VerificationFailure, WebhookVerificationError } from '../webhooks/verification-error.js';

/** Shared refusals of the three chat endpoints; none of them says anything about a secret. */

const FAILURE_CODES: Readonly<Record<VerificationFailure, string>> = {
  MissingHeader: 'MissingSignature',
  MalformedHeader: 'InvalidSignature',
  StaleTimestamp: 'StaleTimestamp',
  FutureTimestamp: 'StaleTimestamp',
  SignatureMismatch: 'InvalidSignature',
};

/** `401` for every request while the platform's secret is unset; the log says which setting is missing. */
export function notConfiguredResponse(setting: string, route: string, log: Log): HttpResponseInit {
  log.warn(`${setting} is not set: ${route} refuses every request until it is.`);
  return errorResponse(
    new ApiError(401, 'Unauthorized', 'Requests to this endpoint cannot be verified, so none is accepted.'),
  );
}

/** `401` for a request whose signature or timestamp does not verify. */
export function verificationFailedResponse(
  error: WebhookVerificationError,
  route: string,
  log: Log,
): HttpResponseInit {
  log.warn(`${route}: request refused (${error.reason}).`);
  return errorResponse(new ApiError(401, FAILURE_CODES[error.reason], error.message));
}

/**
 * Refuses another content type with `400 UnsupportedMediaType` before the body is read, as the issue
 * asks for chat endpoints (a signature is only meaningful over the bytes the platform sends).
 */
export function requireContentType(request: HttpRequest, accepted: RegExp, expected: string): void {
  const contentType = request.headers.get('content-type') ?? '';
  if (!accepted.test(contentType)) {
    throw new ApiError(400, 'UnsupportedMediaType', `The request body must be ${expected}.`);
  }
}

export const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\b/i;
export const JSON_CONTENT_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** Names of the answer's outcome for the log line, never the request's body. */
export function describeForLog(kind: string, operationId?: string): string {
  return operationId ? `${kind} (operation ${operationId})` : kind;
}
