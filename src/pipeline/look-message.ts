/** The body of a scheduled look message on the commands queue (see `createLookQueue`). */
export const LOOK_MESSAGE_TYPE = 'status-check look';

export interface LookMessage {
  type: typeof LOOK_MESSAGE_TYPE;
  operationId: string;
  look: number;
}

/** The look a message asks for, or undefined when the message is something else (a command). */
export function parseLookMessage(message: unknown): LookMessage | undefined {
  let body = message;
  if (Buffer.isBuffer(body)) body = body.toString('utf8');
  if (typeof body === 'string') {
    if (!body.includes(LOOK_MESSAGE_TYPE)) return undefined;
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { type, operationId, look } = body as Record<string, unknown>;
  if (type !== LOOK_MESSAGE_TYPE || typeof operationId !== 'string') return undefined;
  if (typeof look !== 'number' || !Number.isInteger(look) || look < 0) return undefined;
  return { type, operationId, look };
}
