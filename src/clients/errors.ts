/**
 * The one error type of the AI clients. Whatever went wrong (an error answer, a body we cannot read, a
 * network failure, a timeout, a bad argument), callers catch `AiServiceError` and decide with
 * `retryable`/`retryAfterInMs` whether to try again later.
 *
 * Secrets: these errors never hold a request, a response or a raw `RestError` (whose `request` carries the
 * auth headers); only plain fields, and a `cause` reduced to its name, code and message.
 */

/** The service a client talks to (its operation kind's short name); named in every error. */
export type AiServiceName = string;

/** Our own codes, for failures that carry no service `error.code`. */
export const AI_ERROR_CODES = {
  Timeout: 'Timeout',
  NetworkError: 'NetworkError',
  Aborted: 'Aborted',
  InvalidResponse: 'InvalidResponse',
  UnknownStatus: 'UnknownStatus',
  InvalidArgument: 'InvalidArgument',
  AuthenticationFailed: 'AuthenticationFailed',
  /** The request could not be built or sent for a reason of ours (a bug, not the service). */
  ClientError: 'ClientError',
} as const;

export interface AiServiceErrorInit {
  service: AiServiceName;
  /** The service's `error.code`, or one of `AI_ERROR_CODES`. */
  code: string;
  message: string;
  /** The HTTP status; undefined when no answer arrived (network failure, timeout, bad argument). */
  statusCode?: number;
  /** True for 408/429/5xx, network failures and timeouts: trying again later may succeed. */
  retryable: boolean;
  /** How long the service asked us to wait, or how long we suggest when it did not say. */
  retryAfterInMs?: number;
  /** The service's `error.target`, when it named one. */
  target?: string;
}

export class AiServiceError extends Error {
  override readonly name = 'AiServiceError';
  readonly service: AiServiceName;
  readonly code: string;
  readonly statusCode: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterInMs: number | undefined;
  readonly target: string | undefined;

  constructor(init: AiServiceErrorInit, options?: { cause?: unknown }) {
    super(init.message, options?.cause === undefined ? undefined : { cause: sanitizeCause(options.cause) });
    this.service = init.service;
    this.code = init.code;
    this.statusCode = init.statusCode;
    this.retryable = init.retryable;
    this.retryAfterInMs = init.retryAfterInMs;
    this.target = init.target;
  }

  /** What a log line or an operation record may show. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      service: this.service,
      code: this.code,
      message: this.message,
      statusCode: this.statusCode,
      retryable: this.retryable,
      retryAfterInMs: this.retryAfterInMs,
      target: this.target,
    };
  }
}

/** `forResource` of a name that `AI_RESOURCES` does not configure. */
export class UnknownResourceError extends Error {
  override readonly name = 'UnknownResourceError';
  constructor(
    readonly resource: string,
    options?: { cause?: unknown },
  ) {
    super(`No AI resource named '${resource}' is configured (see AI_RESOURCES).`, options);
  }
}

/**
 * Keeps what helps a reader (name, code, message) and drops everything else: a `RestError` holds its
 * request, whose headers carry the key or token.
 */
function sanitizeCause(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error(String(cause));
  const plain = new Error(cause.message);
  plain.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') (plain as Error & { code?: string }).code = code;
  return plain;
}
