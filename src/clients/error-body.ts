/**
 * Reads the error answers of the three services (API-NOTES section E), which differ in shape:
 * - custom voice and QnA: `{ "error": { code, message, target?, details?, innererror? } }` plus an
 *   `x-ms-error-code` header (2026-01-01, QnA);
 * - Face `APIError`: `{ "error": { code?, message? } }`, nothing required;
 * - the API gateway in front of all of them (wrong key, quota): `{ "error": { "code": "401", "message" } }`
 *   or `{ "statusCode": 401, "message": "..." }`.
 * Pure: no I/O.
 */

export interface ParsedServiceError {
  code: string;
  message: string;
  target?: string;
}

/** What we call an error answer whose body names no code. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  408: 'RequestTimeout',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** A service message longer than this is cut: it goes into operation records and log lines. */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

export function codeForStatus(statusCode: number): string {
  return CODE_BY_STATUS[statusCode] ?? `Http${statusCode}`;
}

/**
 * The code and message of an error answer. The body's `error.code` wins, then the `x-ms-error-code`
 * header, then a name for the HTTP status. A numeric gateway code ("401") is replaced by that name.
 */
export function parseServiceError(
  statusCode: number,
  bodyText: string | undefined,
  errorCodeHeader: string | undefined,
): ParsedServiceError {
  const envelope = readEnvelope(bodyText);
  const headerCode = errorCodeHeader?.trim() || undefined;
  const bodyCode = envelope.code !== undefined && !/^\d+$/.test(envelope.code) ? envelope.code : undefined;
  const code = bodyCode ?? headerCode ?? codeForStatus(statusCode);
  const message = envelope.message ?? `The service answered ${statusCode} (${code}).`;
  return {
    code,
    message: truncate(message),
    ...(envelope.target !== undefined ? { target: envelope.target } : {}),
  };
}

interface Envelope {
  code?: string;
  message?: string;
  target?: string;
}

function readEnvelope(bodyText: string | undefined): Envelope {
  if (!bodyText?.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(bodyText) as unknown;
  } catch {
    return {};
  }
  if (!isObject(body)) return {};
  const inner = isObject(body.error) ? body.error : body;
  return {
    ...optionalString('code', inner.code),
    ...optionalString('message', inner.message ?? body.message),
    ...optionalString('target', inner.target),
  };
}

function optionalString<K extends keyof Envelope>(key: K, value: unknown): Partial<Record<K, string>> {
  if (typeof value === 'string' && value.trim() !== '') return { [key]: value.trim() } as Record<K, string>;
  if (typeof value === 'number') return { [key]: String(value) } as Record<K, string>;
  return {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}

/**
 * Replaces every occurrence of a secret in a message. A service could echo a header back in its text;
 * whatever it says, our errors must not carry the key.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let clean = message;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}
