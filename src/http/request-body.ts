import type { HttpRequest } from '@azure/functions';
import { ApiError } from './api-error.js';

/** Largest request body any route accepts; commands and chat payloads are far smaller. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/**
 * Reads the raw body, refusing more than `maxBytes` with `400 RequestBodyTooLarge` (checked against
 * `content-length` first, then while reading, so a lying header cannot get more through).
 */
export async function readRawBody(request: HttpRequest, maxBytes = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body: `415` when the content type is not JSON, `400 InvalidJson` when it does not parse. */
export async function readJsonBody(
  request: HttpRequest,
  maxBytes = MAX_REQUEST_BODY_BYTES,
): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new ApiError(
      'UnsupportedMediaType',
      "The request body must be JSON ('Content-Type: application/json').",
    );
  }
  const raw = await readRawBody(request, maxBytes);
  return parseJson(raw);
}

export function parseJson(raw: Buffer | string): unknown {
  try {
    return JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiError('InvalidJson', 'The request body is not valid JSON.');
  }
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('RequestBodyTooLarge', `The request body is larger than ${maxBytes} bytes.`);
}
