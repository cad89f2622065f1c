import type { HttpResponseInit } from '@azure/functions';
import type { RefusalKind, RequestRefusedError } from '../domain/refusal.js';

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/**
 * A caller-facing error in the Azure shape `{ "error": { code, message, target?, details? } }`.
 * `code` is stable and documented; `message` is for people and never contains a secret.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

const STATUS_OF_REFUSAL: Readonly<Record<RefusalKind, number>> = {
  InvalidRequest: 400,
  NotFound: 404,
  Conflict: 409,
  Unavailable: 503,
};

/** The HTTP answer to a refusal of the domain: the same code, message, target and details. */
export function apiErrorOf(refusal: RequestRefusedError): ApiError {
  return new ApiError(
    STATUS_OF_REFUSAL[refusal.kind],
    refusal.code,
    refusal.message,
    refusal.target,
    refusal.details,
  );
}

export function errorResponse(error: ApiError, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-ms-error-code': error.code, ...headers },
    jsonBody: {
      error: {
        code: error.code,
        message: error.message,
        ...(error.target === undefined ? {} : { target: error.target }),
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
  };
}
