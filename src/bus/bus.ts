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

export interface BusClient {
  createSender(queueOrTopic: string): MessageSender;
  createReceiver(source: ReceiveSource, options?: { subQueue?: 'deadLetter' }): MessageReceiver;
  /**
   * Resolves when the entity exists and can be sent to (for the health check); rejects with a `BusError`
   * (`EntityNotFound`, `Unauthorized`, `Transient`, ...) otherwise. Sends nothing.
   */
  ping(queueOrTopic: string): Promise<void>;
  close(): Promise<void>;
}
