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
