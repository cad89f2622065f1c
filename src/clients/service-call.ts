import type { z } from 'zod';
import { AI_ERROR_CODES, AiServiceError, type AiServiceName } from './errors.js';

/**
 * `{base}/{segment}/{segment}...?{query}` with every path segment percent-encoded, so an id can never
 * reach another path (`/`, `?`, `#`); a bare `.` or `..` segment, which encoding leaves as it is and URL
 * resolution would follow, is refused. `suffix` is appended to the last segment unencoded (`:suspend`).
 */
export function buildUrl(
  base: string,
  segments: readonly string[],
  options: { suffix?: string; query?: Record<string, string> } = {},
): string {
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw new RangeError('A path segment must not be . or ..');
  }
  const path = segments.map((segment) => encodeURIComponent(segment)).join('/');
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  return `${base.replace(/\/+$/, '')}/${path}${options.suffix ?? ''}${query}`;
}

/** Checks a 2xx body against its schema; a body without what we need is an `InvalidResponse`. */
export function parseBody<Schema extends z.ZodType>(
  service: AiServiceName,
  schema: Schema,
  body: unknown,
  statusCode: number,
): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new AiServiceError({
    service,
    code: AI_ERROR_CODES.InvalidResponse,
    message: `The service answered ${statusCode} with a body this app cannot read (${describeIssues(parsed.error)}).`,
    statusCode,
    retryable: false,
  });
}

/** Where a body failed its schema, for an `InvalidResponse` message (paths only, never values). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
