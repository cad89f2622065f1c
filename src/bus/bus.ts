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
  maxMessageCount?: number;
  maxWaitTimeInMs?: number;
}

/** Peek-lock receiver: every received message must be completed, abandoned or dead-lettered. */
export interface MessageReceiver {
  receive(options?: ReceiveOptions): Promise<ReceivedMessage[]>;
  complete(message: ReceivedMessage): Promise<void>;
  abandon(message: ReceivedMessage): Promise<void>;
  deadLetter(message: ReceivedMessage, options: DeadLetterOptions): Promise<void>;
  close(): Promise<void>;
}

export type ReceiveSource = { queue: string } | { topic: string; subscription: string };

export interface BusClient {
  createSender(queueOrTopic: string): MessageSender;
  createReceiver(source: ReceiveSource, options?: { subQueue?: 'deadLetter' }): MessageReceiver;
  close(): Promise<void>;
}
