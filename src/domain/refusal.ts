/**
 * A request the product refuses, in its own terms: a stable Azure-style code, a message for people, the
 * field at fault. It changes nothing. The edges say it their own way: an HTTP status (`src/http`), a chat
 * reply (`src/chatops`), a schedule run that will not be retried.
 */
/** `Unavailable`: a part of the app is off (a malformed optional setting); the caller can do nothing. */
export type RefusalKind = 'InvalidRequest' | 'NotFound' | 'Conflict' | 'Unavailable';

export interface RefusalDetail {
  code: string;
  message: string;
  target?: string;
}

export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: RefusalDetail[],
  ) {
    super(message);
  }
}

/** A caller's mistake in a request: the usual refusal. */
export function invalidRequest(code: string, message: string, target?: string): RequestRefusedError {
  return new RequestRefusedError('InvalidRequest', code, message, target);
}
