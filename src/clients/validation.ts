import { OPERATION_ID_PATTERN, UUID_PATTERN } from '../shared/ids.js';
import { AI_ERROR_CODES, AiServiceError, type AiServiceName } from './errors.js';

/**
 * Input checks made before any request: a malformed id is the caller's mistake, answered at once with an
 * `AiServiceError` (`InvalidArgument`, not retryable) and without spending a call. Each kind names the
 * rules of its own ids next to its client; the two shared by several services live here.
 */
export interface IdRule {
  pattern: RegExp;
  /** Said in the error: "`field` must be <description>". */
  description: string;
}

export const UUID_ID: IdRule = { pattern: UUID_PATTERN, description: 'a UUID' };

/** Azure `Operation-Id`s and operation ids: 3-64 characters, alphanumeric at both ends. */
export const OPERATION_ID: IdRule = {
  pattern: OPERATION_ID_PATTERN,
  description: '3-64 letters, digits, . _ - (alphanumeric at both ends)',
};

/** Throws `AiServiceError` (`InvalidArgument`) unless `value` follows `rule`. */
export function requireId(service: AiServiceName, field: string, rule: IdRule, value: unknown): string {
  if (typeof value === 'string' && rule.pattern.test(value)) return value;
  throw new AiServiceError({
    service,
    code: AI_ERROR_CODES.InvalidArgument,
    // The value itself is not echoed: it is the caller's input and could be anything.
    message: `${field} must be ${rule.description}.`,
    retryable: false,
    target: field,
  });
}
