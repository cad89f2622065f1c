import type { z } from 'zod';

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

/**
 * A schema failure as a refusal with one detail per problem, each naming the field; the top-level code is
 * the first problem's, so callers can tell an unknown field from a missing one without parsing text.
 */
export function refusalOfIssues(error: z.ZodError): RequestRefusedError {
  const details = error.issues.map((issue): RefusalDetail => {
    const target = issue.path.map(String).join('.');
    return { code: detailCode(issue), message: issue.message, ...(target ? { target } : {}) };
  });
  const first = details[0];
  const message = first
    ? `${first.target ? `'${first.target}': ` : ''}${first.message}`
    : 'The request is not valid.';
  return new RequestRefusedError(
    'InvalidRequest',
    first?.code ?? 'InvalidRequest',
    message,
    first?.target,
    details,
  );
}

function detailCode(issue: z.core.$ZodIssue): string {
  const field = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'UnknownField';
    case 'invalid_type':
      return issue.input === undefined ? 'MissingField' : 'InvalidType';
    case 'invalid_union':
    case 'invalid_value':
      if (field === 'action') return 'UnknownAction';
      if (field === 'kind') return 'UnknownTargetKind';
      return 'InvalidValue';
    case 'invalid_format':
      return /uuid/i.test(issue.message) ? 'InvalidUuid' : 'InvalidFormat';
    default:
      return 'InvalidValue';
  }
}
