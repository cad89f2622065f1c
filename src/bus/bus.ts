/**
 * The messaging port. Two implementations keep the same semantics: Azure Service Bus
 * (`service-bus-client.ts`) and the in-process local bus (`local-bus.ts`) used by the standalone host
 * and the tests. One contract suite (test/bus/bus-contract.ts) runs against both.
 */

export type ApplicationProperties = Record<string, string | number | boolean>;

export interface OutgoingMessage {
  /** Duplicate detection key: a second send with the same id inside the window is dropped. */
  messageId: string;
  body: unknown;
  contentType?: string;
  subject?: string;
  applicationProperties?: ApplicationProperties;
  /** Deliver no earlier than this instant (Service Bus scheduled messages). */
  scheduledEnqueueTime?: Date;
}

export interface ReceivedMessage {
  messageId: string;
  body: unknown;
  contentType?: string;
  subject?: string;
  applicationProperties: ApplicationProperties;
  /** 1 on the first delivery. */
  deliveryCount: number;
  enqueuedTime: Date;
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
  /** Identifies this delivery's lock (Service Bus `lockToken`); a new one per delivery. */
  lockToken?: string;
  /** When the lock of this delivery runs out unless the message is settled first. */
  lockedUntil?: Date;
  /** Order of the message in its entity, assigned by the bus. */
  sequenceNumber?: number;
}

export interface DeadLetterOptions {
  reason: string;
  description: string;
}

export interface MessageSender {
  send(messages: OutgoingMessage | OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiveOptions {
  /** At most this many messages (default 1). */
  maxMessageCount?: number;
  /** Long-poll for up to this long when nothing is available (default 60 000, like the SDK). */
  maxWaitTimeInMs?: number;
  /** Ends the wait early; an aborted receive resolves with no messages. */
  abortSignal?: AbortSignal;
}

/** Peek-lock receiver: every received message must be completed, abandoned or dead-lettered. */
export interface MessageReceiver {
  receive(options?: ReceiveOptions): Promise<ReceivedMessage[]>;
  complete(message: ReceivedMessage): Promise<void>;
  abandon(message: ReceivedMessage): Promise<void>;
  deadLetter(message: ReceivedMessage, options: DeadLetterOptions): Promise<void>;
  /** Extends this delivery's lock by the entity's lock duration; resolves with the new `lockedUntil`. */
  renewLock(message: ReceivedMessage): Promise<Date>;
  close(): Promise<void>;
}

export type ReceiveSource = { queue: string } | { topic: string; subscription: string };

export interface PeekOptions {
  /** At most this many messages (default 50). */
  maxMessageCount?: number;
}

/** A dead-lettered message sent back to its queue by `replayDeadLetter`. */
export interface ReplayedMessage {
  /** Sequence number the message had in the dead-letter sub-queue. */
  sequenceNumber: number;
  /** The message id it had there. */
  originalMessageId: string;
  /** The id it was sent again with (see `replayMessageId`). */
  messageId: string;
}

export interface ReplayOptions {
  /** Application properties left out of the copy (e.g. a retry counter that should start again). */
  dropProperties?: string[];
}

export interface BusClient {
  createSender(queueOrTopic: string): MessageSender;
  createReceiver(source: ReceiveSource, options?: { subQueue?: 'deadLetter' }): MessageReceiver;
  /**
   * Resolves when the entity exists and can be sent to (for the health check); rejects with a `BusError`
   * (`EntityNotFound`, `Unauthorized`, `Transient`, ...) otherwise. Sends nothing.
   */
  ping(queueOrTopic: string): Promise<void>;
  /**
   * Looks at a queue's dead-letter sub-queue without locking or removing anything, oldest first. Each
   * message has its `sequenceNumber` there: the id `replayDeadLetter` takes.
   */
  peekDeadLetters(queue: string, options?: PeekOptions): Promise<ReceivedMessage[]>;
  /**
   * Sends the dead-lettered message with this sequence number back to its queue (body, subject, content
   * type and application properties as they were, under a new `messageId` so that duplicate detection
   * does not drop it), then removes it from the dead-letter sub-queue. Undefined when no such message is
   * there (or another receiver holds it). A crash between the two steps leaves the dead letter in place;
   * replaying it again sends the same new `messageId`, which duplicate detection drops.
   */
  replayDeadLetter(
    queue: string,
    sequenceNumber: number,
    options?: ReplayOptions,
  ): Promise<ReplayedMessage | undefined>;
  close(): Promise<void>;
}

const REPLAY_MARK = '~replay-';

/**
 * The id a replayed dead letter is sent with: its own id plus the dead-letter sequence number, so that
 * it is not a duplicate of the original (Service Bus drops a second message with the same id within the
 * entity's detection window, PT1H here) but a repeated replay of the same dead letter is. Replays of
 * replays do not grow the id: everything from an earlier mark on is replaced (sequence numbers are
 * unique in their entity, so the id stays unique).
 */
export function replayMessageId(messageId: string, sequenceNumber: number): string {
  const [root = messageId] = messageId.split(REPLAY_MARK);
  return `${root}${REPLAY_MARK}${sequenceNumber}`;
}
