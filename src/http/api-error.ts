import type { HttpResponseInit } from '@azure/functions';

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
