import { payloadValue } from '../shared/message-payload.js';
import type { OperationEvent } from './operation-event.js';

export class NotAnOperationEventError extends Error {
  override readonly name = 'NotAnOperationEventError';
}

/** The CloudEvent from a trigger payload, whichever form the host hands over (object, string, bytes). */
export function parseOperationEvent(message: unknown): OperationEvent {
  let value: unknown;
  try {
    value = payloadValue(message);
  } catch {
    throw new NotAnOperationEventError('The message is not JSON.');
  }
  if (!isOperationEvent(value))
    throw new NotAnOperationEventError('The message is not an operation CloudEvent.');
  return value;
}

function isOperationEvent(value: unknown): value is OperationEvent {
  if (!value || typeof value !== 'object') return false;
  const event = value as { specversion?: unknown; id?: unknown; data?: unknown };
  if (event.specversion !== '1.0' || typeof event.id !== 'string') return false;
  const data = event.data as { id?: unknown; target?: unknown } | undefined;
  return !!data && typeof data.id === 'string' && !!data.target && typeof data.target === 'object';
}
