import { AI_ERROR_CODES, AiServiceError, type AiServiceName } from './errors.js';

/**
 * Input checks made before any request: a malformed id is the caller's mistake, answered at once with an
 * `AiServiceError` (`InvalidArgument`, not retryable) and without spending a call. Patterns are the
 * services' own (API-NOTES sections A-D).
 */

export const ID_PATTERNS = {
  /** Custom voice endpoint ids and Face operation ids (`format: uuid`). */
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /** Custom voice `Operation-Id` and operation ids: 3-64 characters, alphanumeric at both ends. */
  operationId: /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/,
  /** QnA project names: up to 100 letters, digits and dashes, alphanumeric at both ends. */
  projectName: /^(?=[a-zA-Z0-9])[a-zA-Z0-9-]{0,98}[a-zA-Z0-9]$/,
  /**
   * QnA job ids have no published pattern: any printable characters (the path segment is encoded), but
   * not `.` or `..`, which URL resolution would treat as a step up the path even when encoded.
   */
  jobId: /^(?!\.{1,2}$)[^\s\p{Cc}]{1,256}$/u,
} as const;

export type IdKind = keyof typeof ID_PATTERNS;

const DESCRIPTIONS: Readonly<Record<IdKind, string>> = {
  uuid: 'a UUID',
  operationId: '3-64 letters, digits, . _ - (alphanumeric at both ends)',
  projectName: '1-100 letters, digits and dashes (alphanumeric at both ends)',
  jobId: "1-256 printable characters without spaces, not '.' or '..'",
};

/** Throws `AiServiceError` (`InvalidArgument`) unless `value` matches the pattern of `kind`. */
export function requireId(service: AiServiceName, field: string, kind: IdKind, value: unknown): string {
  if (typeof value === 'string' && ID_PATTERNS[kind].test(value)) return value;
  throw new AiServiceError({
    service,
    code: AI_ERROR_CODES.InvalidArgument,
    // The value itself is not echoed: it is the caller's input and could be anything.
    message: `${field} must be ${DESCRIPTIONS[kind]}.`,
    retryable: false,
    target: field,
  });
}
