import type { IncomingMessage } from 'node:http';

/** Admin bodies are a few fields; anything near this size is a mistake. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export class RequestBodyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RequestBodyError';
  }
}

/** The request body parsed as JSON; undefined when empty. Throws `RequestBodyError` when too big or not JSON. */
export async function readJsonBody(
  request: IncomingMessage,
  maxBytes = MAX_ADMIN_BODY_BYTES,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw new RequestBodyError(`The body is larger than ${maxBytes} bytes.`, 413);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RequestBodyError('The body is not valid JSON.', 400, { cause: error });
  }
}

/** Service bodies the simulator reads: JSON requests of the start routes; anything near this is a mistake. */
export const MAX_SERVICE_JSON_BYTES = 4 * 1024 * 1024;

/** A service request's body as the routes see it. Non-JSON bodies (a PDF to analyze) are counted, not kept. */
export type ServiceBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'binary'; bytes: number }
  | { kind: 'invalid'; status: 400 | 413; reason: string };

/**
 * Reads a service request body to its end (so the connection stays usable whatever the route does with
 * it): parsed when `Content-Type` says JSON, otherwise only its length.
 */
export async function readServiceBody(
  request: IncomingMessage,
  maxJsonBytes = MAX_SERVICE_JSON_BYTES,
): Promise<ServiceBody> {
  const isJson = /\bjson\b/i.test(request.headers['content-type'] ?? '');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (isJson && size <= maxJsonBytes) chunks.push(buffer);
  }
  if (size === 0) return { kind: 'none' };
  if (!isJson) return { kind: 'binary', bytes: size };
  if (size > maxJsonBytes) {
    return { kind: 'invalid', status: 413, reason: `The body is larger than ${maxJsonBytes} bytes.` };
  }
  try {
    return { kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { kind: 'invalid', status: 400, reason: 'The body is not valid JSON.' };
  }
}
