/**
 * The JSON value of a trigger payload, whichever form the host hands over: an object as it is, a string
 * or bytes parsed as JSON text. Throws `SyntaxError` when text or bytes are not JSON.
 */
export function payloadValue(message: unknown): unknown {
  if (Buffer.isBuffer(message) || message instanceof Uint8Array) {
    return JSON.parse(Buffer.from(message).toString('utf8')) as unknown;
  }
  if (typeof message === 'string') return JSON.parse(message) as unknown;
  return message;
}
