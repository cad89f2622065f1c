/**
 * Errors of the messaging port. Both bus implementations throw `BusError` with the same codes, so callers
 * (the message pump, the health check) can react without knowing which bus they talk to.
 */

/**
 * Thrown by a message handler to say "retrying cannot help": the standalone host's pump moves the message
 * to the dead-letter sub-queue with this reason and description at once. The Functions host's Node
 * trigger cannot settle messages, so there the throw abandons the message, Service Bus dead-letters it
 * after `maxDeliveryCount` (`MaxDeliveryCountExceeded`), and the reason is in the function's log.
 */
export class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';
  constructor(
    readonly reason: string,
    readonly description: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${description}`, options);
  }
}

export const BUS_ERROR_CODES = [
  /** The queue, topic or subscription does not exist (or was never declared on the local bus). */
  'EntityNotFound',
  /** The lock expired or the message was already settled: it will be (or was) delivered again. */
  'MessageLockLost',
  /** The message was not received by this receiver, so it cannot be settled by it. */
  'MessageNotReceived',
  /** The body cannot travel on the bus (not JSON-serialisable, or too large). */
  'InvalidMessage',
  'Unauthorized',
  /** Busy, throttled, timed out or unreachable: worth retrying later. */
  'Transient',
  'QuotaExceeded',
  /** The client, sender or receiver was closed. */
  'Closed',
  'InvalidConfiguration',
  'Unknown',
] as const;

export type BusErrorCode = (typeof BUS_ERROR_CODES)[number];

/** A failure of the bus itself; its message names the entity and never carries a secret. */
export class BusError extends Error {
  override readonly name = 'BusError';
  constructor(
    readonly code: BusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether the same call may succeed later without anyone changing anything. */
  get retryable(): boolean {
    return this.code === 'Transient' || this.code === 'QuotaExceeded';
  }
}

export function isBusError(error: unknown, code?: BusErrorCode): error is BusError {
  return error instanceof BusError && (code === undefined || error.code === code);
}
