import type { HttpResponseInit } from '@azure/functions';
import type { RefusalKind, RequestRefusedError } from '../domain/refusal.js';
import { ERROR_CODES, isErrorCode, type ErrorCode } from './error-codes.js';

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/**
 * A caller-facing error in the Azure shape `{ "error": { code, message, target?, details? } }`.
 * `code` is stable and documented (`ERROR_CODES`, which also gives its one status); `message` is for
 * people and never contains a secret.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly status: number;
  constructor(
    code: ErrorCode | UnlistedCode,
    message: string,
    readonly target?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.code = typeof code === 'string' ? code : code.code;
    this.status = typeof code === 'string' ? ERROR_CODES[code].status : code.status;
  }
}

/** A domain refusal's code the table does not list (yet): answered with its kind's status. */
interface UnlistedCode {
  code: string;
  status: number;
}

/** Only for a code a domain module made up and the table does not list yet (a test lists them all). */
const STATUS_OF_REFUSAL: Readonly<Record<RefusalKind, number>> = {
  InvalidRequest: 400,
  NotFound: 404,
  Conflict: 409,
  Unavailable: 503,
};

/** The status a domain refusal is answered with: its code's, as everywhere. */
export function statusOfRefusal(refusal: Pick<RequestRefusedError, 'kind' | 'code'>): number {
  return isErrorCode(refusal.code) ? ERROR_CODES[refusal.code].status : STATUS_OF_REFUSAL[refusal.kind];
}

/** The HTTP answer to a refusal of the domain: the same code, message, target and details. */
export function apiErrorOf(refusal: RequestRefusedError): ApiError {
  if (isErrorCode(refusal.code)) {
    return new ApiError(refusal.code, refusal.message, refusal.target, refusal.details);
  }
  return new ApiError(
    { code: refusal.code, status: statusOfRefusal(refusal) },
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
