import { BusError } from '../errors.js';

/**
 * A body as it travels: bytes stay bytes, anything else is JSON text, as `@azure/service-bus` encodes
 * it. Keeping the text (not the object) means each delivery decodes a fresh copy, so a sender or a
 * handler that mutates its object cannot change what the next receiver sees.
 */
export type WireBody = { kind: 'bytes'; bytes: Buffer } | { kind: 'json'; text: string };

export function encodeBody(body: unknown, entity: string, maxSizeInBytes: number): WireBody {
  const wire = toWire(body, entity);
  const sizeInBytes = wire.kind === 'bytes' ? wire.bytes.length : Buffer.byteLength(wire.text);
  if (sizeInBytes > maxSizeInBytes) {
    throw new BusError(
      'InvalidMessage',
      `A message body of ${sizeInBytes} bytes for '${entity}' exceeds the ${maxSizeInBytes}-byte limit.`,
    );
  }
  return wire;
}

export function decodeBody(wire: WireBody): unknown {
  return wire.kind === 'bytes' ? Buffer.from(wire.bytes) : (JSON.parse(wire.text) as unknown);
}

function toWire(body: unknown, entity: string): WireBody {
  if (body instanceof Uint8Array) return { kind: 'bytes', bytes: Buffer.from(body) };
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new BusError('InvalidMessage', `The message body for '${entity}' is not JSON-serialisable.`, {
      cause: error,
    });
  }
  // JSON.stringify gives undefined for undefined, functions and symbols: nothing that could be sent.
  if (text === undefined) {
    throw new BusError('InvalidMessage', `The message body for '${entity}' is not JSON-serialisable.`);
  }
  return { kind: 'json', text };
}
