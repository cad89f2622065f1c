/**
 * Reads the error answers of the Azure AI services (API-NOTES section E), which differ in shape:
 * - the Azure REST shape: `{ "error": { code, message, target?, details?, innererror? } }` plus an
 *   `x-ms-error-code` header (custom voice 2026-01-01 and the Language services);
 * - older APIs: `{ "error": { code?, message? } }`, nothing required;
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

function codeForStatus(statusCode: number): string {
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
 * Replaces every occurrence of a secret in a message. A service could echo a header back in its text,
 * as it came or encoded (base64 or base64url, alone or inside a longer encoded value such as a Basic
 * credential; hex in either case; percent-encoded): whatever it says, our errors must not carry the key.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let clean = message;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodedForms(secret)) clean = clean.replace(form, REDACTED);
  }
  return clean;
}

const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 4;
/** Shorter encoded fragments could match ordinary text by chance; a 4-character key still gives 5. */
const MIN_FRAGMENT_LENGTH = 5;

/** Patterns for the secret as sent and as it may be echoed, longest first so a form is redacted whole. */
function encodedForms(secret: string): RegExp[] {
  const bytes = Buffer.from(secret, 'utf8');
  const literal = new Set([secret, encodeURIComponent(secret)]);
  for (const fragment of base64Fragments(bytes)) {
    literal.add(fragment);
    literal.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const forms = [...literal]
    .filter((form) => form.length >= MIN_FRAGMENT_LENGTH || form === secret)
    .sort((a, b) => b.length - a.length)
    .map((form) => new RegExp(escapeRegExp(form), 'g'));
  // Hex is case-blind: a service may print either case.
  return [new RegExp(bytes.toString('hex'), 'gi'), ...forms];
}

/**
 * The base64 characters that depend on the secret's bytes alone, for each of the three alignments the
 * secret can have inside a longer encoded value (`user:key` in a Basic credential starts mid-group).
 */
function base64Fragments(bytes: Buffer): string[] {
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Character j holds bits [6j, 6j + 6): keep those inside the secret's bits.
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    fragments.push(encoded.slice(start, end));
  }
  // Aligned, the whole encoding (with its padding) is the usual echo: redact it whole.
  fragments.push(bytes.toString('base64'));
  return fragments;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
