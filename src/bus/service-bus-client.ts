import type { TokenCredential } from '@azure/core-auth';
import {
  ServiceBusClient as SdkClient,
  type ServiceBusMessage,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
} from '@azure/service-bus';
import { readOptionalString, type Env } from '../config/env.js';
import { lazyDefaultAzureCredential } from '../shared/lazy-credential.js';
import type {
  ApplicationProperties,
  BusClient,
  MessageReceiver,
  MessageSender,
  OutgoingMessage,
  ReceiveSource,
  ReceivedMessage,
  ReplayedMessage,
} from './bus.js';
import { replayMessageId } from './bus.js';
import { BusError } from './errors.js';
import { isAbortError, toBusError } from './service-bus-errors.js';

export type ServiceBusConnection =
  { connectionString: string } | { fullyQualifiedNamespace: string; credential: TokenCredential };

export const DEFAULT_SERVICE_BUS_CONNECTION_PREFIX = 'ServiceBusConnection';
const FALLBACK_CONNECTION_STRING_SETTING = 'SERVICEBUS_CONNECTION_STRING';

/**
 * Reads a Service Bus connection the way the Functions host does for a trigger's `connection` name:
 * `<prefix>` holds a connection string; or `<prefix>__fullyQualifiedNamespace` names the namespace for
 * Entra ID auth, with `<prefix>__clientId` choosing a user-assigned managed identity. Falls back to
 * `SERVICEBUS_CONNECTION_STRING`; undefined when none is set.
 */
export function serviceBusConnectionFromEnv(
  env: Env,
  prefix: string = DEFAULT_SERVICE_BUS_CONNECTION_PREFIX,
): ServiceBusConnection | undefined {
  const connectionString = readOptionalString(env, prefix);
  if (connectionString) return { connectionString };

  const namespace = readOptionalString(env, `${prefix}__fullyQualifiedNamespace`);
  if (namespace) {
    const clientId = readOptionalString(env, `${prefix}__clientId`);
    return {
      fullyQualifiedNamespace: toHostName(namespace),
      credential: lazyDefaultAzureCredential(clientId),
    };
  }

  const fallback = readOptionalString(env, FALLBACK_CONNECTION_STRING_SETTING);
  return fallback ? { connectionString: fallback } : undefined;
}

/** Accepts `sb://name.servicebus.windows.net/` and friends, since people paste what the portal shows. */
function toHostName(namespace: string): string {
  return namespace.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

/** The messaging port over Azure Service Bus, in peek-lock mode. */
export function createServiceBusClient(connection: ServiceBusConnection): BusClient {
  const client = openClient(connection);
  let closed = false;

  const assertOpen = (what: string): void => {
    if (closed) throw new BusError('Closed', `The Service Bus client is closed; cannot use ${what}.`);
  };

  const createSender = (entity: string): MessageSender => {
    const sender = client.createSender(entity);
    return {
      send: async (messages) => {
        assertOpen(`'${entity}'`);
        const batch = Array.isArray(messages) ? messages : [messages];
        const now: OutgoingMessage[] = [];
        const later = new Map<number, OutgoingMessage[]>();
        for (const message of batch) {
          const dueAtInMs = message.scheduledEnqueueTime?.getTime();
          if (dueAtInMs === undefined) now.push(message);
          else later.set(dueAtInMs, [...(later.get(dueAtInMs) ?? []), message]);
        }
        try {
          if (now.length > 0) await sender.sendMessages(now.map(toSdkMessage));
          for (const [dueAtInMs, scheduled] of later) {
            await sender.scheduleMessages(scheduled.map(toSdkMessage), new Date(dueAtInMs));
          }
        } catch (error) {
          throw toBusError(error, 'send to', entity);
        }
      },
      close: async () => {
        try {
          await sender.close();
        } catch (error) {
          throw toBusError(error, 'close the sender for', entity);
        }
      },
    };
  };

  const createReceiver = (source: ReceiveSource, options?: { subQueue?: 'deadLetter' }): MessageReceiver => {
    const path = describePath(source, options?.subQueue);
    const sdkOptions = {
      receiveMode: 'peekLock' as const,
      ...(options?.subQueue ? { subQueueType: options.subQueue } : {}),
    };
    const receiver: ServiceBusReceiver =
      'queue' in source
        ? client.createReceiver(source.queue, sdkOptions)
        : client.createReceiver(source.topic, source.subscription, sdkOptions);
    let receiverClosed = false;
    // Settling needs the SDK's message object; callers hold only the plain port message.
    const received = new WeakMap<ReceivedMessage, ServiceBusReceivedMessage>();

    const settle = async (
      message: ReceivedMessage,
      action: string,
      run: (sdkMessage: ServiceBusReceivedMessage) => Promise<void>,
    ): Promise<void> => {
      const sdkMessage = received.get(message);
      if (!sdkMessage) {
        throw new BusError(
          'MessageNotReceived',
          `Message '${message.messageId}' was not received from ${path}.`,
        );
      }
      try {
        await run(sdkMessage);
      } catch (error) {
        throw toBusError(error, `${action} a message from`, path);
      }
    };

    return {
      receive: async (receiveOptions = {}) => {
        assertOpen(path);
        if (receiverClosed) throw new BusError('Closed', `The receiver for '${path}' is closed.`);
        if (receiveOptions.abortSignal?.aborted) return [];
        try {
          const messages = await receiver.receiveMessages(receiveOptions.maxMessageCount ?? 1, {
            maxWaitTimeInMs: receiveOptions.maxWaitTimeInMs ?? 60_000,
            ...(receiveOptions.abortSignal ? { abortSignal: receiveOptions.abortSignal } : {}),
          });
          return messages.map((sdkMessage) => {
            const message = fromSdkMessage(sdkMessage);
            received.set(message, sdkMessage);
            return message;
          });
        } catch (error) {
          if (isAbortError(error)) return [];
          if (closed || receiverClosed) throw new BusError('Closed', `The receiver for '${path}' is closed.`);
          throw toBusError(error, 'receive from', path);
        }
      },
      complete: (message) => settle(message, 'complete', (m) => receiver.completeMessage(m)),
      abandon: (message) => settle(message, 'abandon', (m) => receiver.abandonMessage(m)),
      deadLetter: (message, { reason, description }) =>
        settle(message, 'dead-letter', (m) =>
          receiver.deadLetterMessage(m, {
            deadLetterReason: reason,
            deadLetterErrorDescription: description,
          }),
        ),
      renewLock: async (message) => {
        let lockedUntil = new Date();
        await settle(message, 'renew the lock of', async (m) => {
          lockedUntil = await receiver.renewMessageLock(m);
        });
        return lockedUntil;
      },
      close: async () => {
        receiverClosed = true;
        try {
          await receiver.close();
        } catch (error) {
          throw toBusError(error, 'close the receiver for', path);
        }
      },
    };
  };

  const ping = async (entity: string): Promise<void> => {
    assertOpen(`'${entity}'`);
    const sender = client.createSender(entity);
    try {
      // Opening a batch opens the send link: that checks the entity and the Send right, and sends nothing.
      await sender.createMessageBatch();
    } catch (error) {
      throw toBusError(error, 'reach', entity);
    } finally {
      await sender.close().catch(() => undefined);
    }
  };

  const peekDeadLetters = async (
    queue: string,
    options: { maxMessageCount?: number } = {},
  ): Promise<ReceivedMessage[]> => {
    assertOpen(`'${queue}'`);
    const maxMessageCount = Math.max(1, options.maxMessageCount ?? 50);
    // A receiver's peek cursor moves on with each call: a fresh receiver starts at the oldest message.
    const receiver = client.createReceiver(queue, { subQueueType: 'deadLetter' });
    const peeked: ReceivedMessage[] = [];
    try {
      while (peeked.length < maxMessageCount) {
        const batch = await receiver.peekMessages(maxMessageCount - peeked.length);
        if (batch.length === 0) break;
        peeked.push(...batch.map(fromSdkMessage));
      }
    } catch (error) {
      throw toBusError(error, 'peek the dead letters of', queue);
    } finally {
      await receiver.close().catch(() => undefined);
    }
    return peeked;
  };

  const replayDeadLetter = async (
    queue: string,
    sequenceNumber: number,
    options: { dropProperties?: string[] } = {},
  ): Promise<ReplayedMessage | undefined> => {
    assertOpen(`'${queue}'`);
    const path = `${queue}/$DeadLetterQueue`;
    const receiver = client.createReceiver(queue, { subQueueType: 'deadLetter', receiveMode: 'peekLock' });
    const sender = client.createSender(queue);
    // Messages received on the way to the one asked for stay locked until the end, so that the scan
    // does not meet them again, and are then abandoned (a dead-letter sub-queue never dead-letters).
    const passedOver: ServiceBusReceivedMessage[] = [];
    try {
      // Peeking first says, without locking anything, whether the message is there at all.
      if (
        !(await peekDeadLetters(queue, { maxMessageCount: MAX_REPLAY_SCAN })).some(
          (message) => message.sequenceNumber === sequenceNumber,
        )
      ) {
        return undefined;
      }
      for (let scanned = 0; scanned < MAX_REPLAY_SCAN;) {
        const batch = await receiver.receiveMessages(50, { maxWaitTimeInMs: 5_000 });
        if (batch.length === 0) return undefined;
        scanned += batch.length;
        const target = batch.find((message) => message.sequenceNumber?.toNumber() === sequenceNumber);
        passedOver.push(...batch.filter((message) => message !== target));
        if (!target) continue;
        const original = fromSdkMessage(target);
        const messageId = replayMessageId(original.messageId, sequenceNumber);
        const dropped = new Set(options.dropProperties ?? []);
        await sender.sendMessages(
          toSdkMessage({
            messageId,
            body: target.body as unknown,
            ...(original.contentType !== undefined ? { contentType: original.contentType } : {}),
            ...(original.subject !== undefined ? { subject: original.subject } : {}),
            applicationProperties: Object.fromEntries(
              Object.entries(original.applicationProperties).filter(([name]) => !dropped.has(name)),
            ),
          }),
        );
        await receiver.completeMessage(target);
        return { sequenceNumber, originalMessageId: original.messageId, messageId };
      }
      return undefined;
    } catch (error) {
      throw toBusError(error, 'replay a dead letter of', path);
    } finally {
      for (const message of passedOver) await receiver.abandonMessage(message).catch(() => undefined);
      await receiver.close().catch(() => undefined);
      await sender.close().catch(() => undefined);
    }
  };

  return {
    createSender,
    createReceiver,
    ping,
    peekDeadLetters,
    replayDeadLetter,
    close: async () => {
      closed = true;
      await client.close();
    },
  };
}

/** How many dead letters a replay looks through for the one asked for before it gives up. */
const MAX_REPLAY_SCAN = 1_000;

function openClient(connection: ServiceBusConnection): SdkClient {
  try {
    return 'connectionString' in connection
      ? new SdkClient(connection.connectionString)
      : new SdkClient(connection.fullyQualifiedNamespace, connection.credential);
  } catch {
    // The SDK's parse error may quote the string it was given; say what is wrong without it.
    throw new BusError(
      'InvalidConfiguration',
      'connectionString' in connection
        ? 'The Service Bus connection string is malformed (expected Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...).'
        : `The Service Bus namespace '${connection.fullyQualifiedNamespace}' is not a valid host name.`,
    );
  }
}

function toSdkMessage(message: OutgoingMessage): ServiceBusMessage {
  return {
    messageId: message.messageId,
    body: message.body,
    ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.applicationProperties ? { applicationProperties: { ...message.applicationProperties } } : {}),
  };
}

function fromSdkMessage(message: ServiceBusReceivedMessage): ReceivedMessage {
  return {
    messageId: messageIdText(message.messageId),
    body: message.body as unknown,
    ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    applicationProperties: portProperties(message.applicationProperties),
    deliveryCount: message.deliveryCount ?? 1,
    enqueuedTime: message.enqueuedTimeUtc ?? new Date(),
    ...(message.deadLetterReason !== undefined ? { deadLetterReason: message.deadLetterReason } : {}),
    ...(message.deadLetterErrorDescription !== undefined
      ? { deadLetterErrorDescription: message.deadLetterErrorDescription }
      : {}),
    ...(message.lockToken !== undefined ? { lockToken: message.lockToken } : {}),
    ...(message.lockedUntilUtc !== undefined ? { lockedUntil: message.lockedUntilUtc } : {}),
    ...(message.sequenceNumber !== undefined ? { sequenceNumber: message.sequenceNumber.toNumber() } : {}),
  };
}

function messageIdText(messageId: ServiceBusReceivedMessage['messageId']): string {
  if (messageId === undefined) return '';
  return typeof messageId === 'string' ? messageId : messageId.toString();
}

/** AMQP allows dates and nulls in application properties; the port carries strings, numbers and booleans. */
function portProperties(
  properties: ServiceBusReceivedMessage['applicationProperties'],
): ApplicationProperties {
  const result: ApplicationProperties = {};
  for (const [name, value] of Object.entries(properties ?? {})) {
    if (value instanceof Date) result[name] = value.toISOString();
    else if (value !== null && value !== undefined) result[name] = value;
  }
  return result;
}

function describePath(source: ReceiveSource, subQueue: 'deadLetter' | undefined): string {
  const entity = 'queue' in source ? source.queue : `${source.topic}/Subscriptions/${source.subscription}`;
  return subQueue === 'deadLetter' ? `${entity}/$DeadLetterQueue` : entity;
}
