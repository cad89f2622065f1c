import type {
  ApplicationProperties,
  BusClient,
  DeadLetterOptions,
  MessageReceiver,
  MessageSender,
  OutgoingMessage,
  ReceiveOptions,
  ReplayOptions,
  ReplayedMessage,
  ReceiveSource,
  ReceivedMessage,
} from './bus.js';
import { replayMessageId } from './bus.js';
import { BusError } from './errors.js';
import { openBusJournal, type BusJournal } from './local/bus-journal.js';
import {
  LockingQueue,
  type Delivery,
  type MessageDraft,
  type QueueCounts,
  type StoredMessage,
} from './local/locking-queue.js';
import { decodeBody, encodeBody } from './local/wire-body.js';

/** Per-entity behaviour; each defaults to the bus-wide option, which defaults to Service Bus's value. */
export interface LocalEntityOptions {
  /** How long a received message stays invisible before it is handed out again (default 60 000). */
  lockDurationInMs?: number;
  /** Deliveries before the message goes to the dead-letter sub-queue (default 10). */
  maxDeliveryCount?: number;
  /** A second send with the same `messageId` within this window is dropped (default 10 minutes). */
  duplicateDetectionWindowInMs?: number;
}

/** A subscription, optionally with a correlation filter: every listed application property must match. */
export type SubscriptionDeclaration = string | { name: string; filter?: ApplicationProperties };

export interface LocalBusOptions extends LocalEntityOptions {
  queues?: string[];
  /** Topic name to its subscriptions. */
  topics?: Record<string, SubscriptionDeclaration[]>;
  /** Largest body accepted, in bytes (default 256 KiB, the Standard tier limit). */
  maxMessageSizeInBytes?: number;
  /**
   * Keep every message, settlement and duplicate-detection id in a journal in this directory, and start
   * from what it holds: a message whose `send()` resolved survives the process being killed. In memory
   * when absent.
   */
  directory?: string;
}

export interface LocalEntityStats extends QueueCounts {
  /** Messages in the entity's dead-letter sub-queue, settled or not. */
  deadLetter: number;
}

/** The in-process bus, with the declaration and inspection calls Service Bus does through its admin API. */
export interface LocalBus extends BusClient {
  declareQueue(name: string, options?: LocalEntityOptions): void;
  /** Declaring a topic again adds the subscriptions it lacks. */
  declareTopic(name: string, subscriptions: SubscriptionDeclaration[], options?: LocalEntityOptions): void;
  /** Counts for a queue (by name) or a subscription. */
  stats(source: string | ReceiveSource): LocalEntityStats;
}

export const LOCAL_BUS_DEFAULTS = {
  lockDurationInMs: 60_000,
  maxDeliveryCount: 10,
  duplicateDetectionWindowInMs: 10 * 60_000,
  maxMessageSizeInBytes: 256 * 1024,
} as const;

const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';

/** A queue or a subscription: where messages wait, plus its dead-letter sub-queue. */
interface MessageStore {
  main: LockingQueue;
  deadLetter: LockingQueue;
}

interface Subscription {
  name: string;
  filter: ApplicationProperties | undefined;
  store: MessageStore;
}

interface Entity {
  kind: 'queue' | 'topic';
  name: string;
  options: Required<LocalEntityOptions>;
  /** messageId to when it was first accepted; Map order is arrival order, so pruning stops early. */
  recentMessageIds: Map<string, number>;
  /** A queue's single store, or undefined for a topic. */
  store?: MessageStore;
  subscriptions: Map<string, Subscription>;
}

interface ReceivedFrom {
  queue: LockingQueue;
  lockToken: string;
}

/**
 * An in-process bus with Service Bus semantics (peek-lock, delivery counts, max-delivery and explicit
 * dead-lettering, scheduled messages, duplicate detection, topic fan-out with correlation filters),
 * for the standalone host and the tests. State lives in memory and ends with the process, unless a
 * `directory` is given: then it is journaled there (see local/bus-journal.ts) and survives a crash.
 */
export function createLocalBus(options: LocalBusOptions = {}): LocalBus {
  const defaults: Required<LocalEntityOptions> = {
    lockDurationInMs: options.lockDurationInMs ?? LOCAL_BUS_DEFAULTS.lockDurationInMs,
    maxDeliveryCount: options.maxDeliveryCount ?? LOCAL_BUS_DEFAULTS.maxDeliveryCount,
    duplicateDetectionWindowInMs:
      options.duplicateDetectionWindowInMs ?? LOCAL_BUS_DEFAULTS.duplicateDetectionWindowInMs,
  };
  const maxMessageSizeInBytes = options.maxMessageSizeInBytes ?? LOCAL_BUS_DEFAULTS.maxMessageSizeInBytes;
  const entities = new Map<string, Entity>();
  // Settlement needs to know which delivery a message object came from; the message itself stays plain.
  const deliveries = new WeakMap<ReceivedMessage, ReceivedFrom>();
  let closed = false;
  const journal: BusJournal | undefined = options.directory
    ? openBusJournal({
        directory: options.directory,
        duplicateDetectionWindowInMs: (name) =>
          entities.get(name)?.options.duplicateDetectionWindowInMs ?? defaults.duplicateDetectionWindowInMs,
      })
    : undefined;

  const assertOpen = (): void => {
    if (closed) throw new BusError('Closed', 'The local bus is closed.');
  };

  const persistence = (path: string) =>
    journal ? { journal: journal.journalFor(path), restored: journal.restore(path) } : {};

  const createStore = (path: string, entityOptions: Required<LocalEntityOptions>): MessageStore => {
    const deadLetterPath = `${path}/$DeadLetterQueue`;
    const deadLetter = new LockingQueue({
      path: deadLetterPath,
      lockDurationInMs: entityOptions.lockDurationInMs,
      ...persistence(deadLetterPath),
    });
    const main = new LockingQueue({
      path,
      ...persistence(path),
      lockDurationInMs: entityOptions.lockDurationInMs,
      maxDeliveryCount: entityOptions.maxDeliveryCount,
      onMaxDeliveryCountExceeded: (message) =>
        deadLetter.adopt({
          ...message,
          deadLetterReason: MAX_DELIVERY_COUNT_EXCEEDED,
          deadLetterErrorDescription: `Message could not be consumed after ${entityOptions.maxDeliveryCount} delivery attempts.`,
        }),
    });
    return { main, deadLetter };
  };

  const declareEntity = (
    kind: Entity['kind'],
    name: string,
    entityOptions: LocalEntityOptions | undefined,
  ): Entity => {
    assertOpen();
    const existing = entities.get(name);
    if (existing) {
      if (existing.kind !== kind) {
        throw new BusError('InvalidConfiguration', `'${name}' is already declared as a ${existing.kind}.`);
      }
      return existing;
    }
    const entity: Entity = {
      kind,
      name,
      options: { ...defaults, ...definedOnly(entityOptions ?? {}) },
      recentMessageIds: new Map(journal?.acceptedIds(name)),
      subscriptions: new Map(),
    };
    if (kind === 'queue') entity.store = createStore(name, entity.options);
    entities.set(name, entity);
    return entity;
  };

  const findEntity = (name: string): Entity => {
    const entity = entities.get(name);
    if (!entity) {
      throw new BusError('EntityNotFound', `The queue or topic '${name}' is not declared on the local bus.`);
    }
    return entity;
  };

  const findStore = (source: ReceiveSource): MessageStore => {
    if ('queue' in source) {
      const entity = findEntity(source.queue);
      if (!entity.store) {
        throw new BusError(
          'EntityNotFound',
          `'${source.queue}' is a topic: receive from one of its subscriptions.`,
        );
      }
      return entity.store;
    }
    const subscription = findEntity(source.topic).subscriptions.get(source.subscription);
    if (!subscription) {
      throw new BusError(
        'EntityNotFound',
        `The subscription '${source.subscription}' of '${source.topic}' is not declared on the local bus.`,
      );
    }
    return subscription.store;
  };

  /** Records the id and says whether it was seen within the window (the copy is then dropped). */
  const isDuplicate = (entity: Entity, messageId: string, nowInMs: number): boolean => {
    for (const [id, seenAtInMs] of entity.recentMessageIds) {
      if (nowInMs - seenAtInMs < entity.options.duplicateDetectionWindowInMs) break;
      entity.recentMessageIds.delete(id);
    }
    if (entity.recentMessageIds.has(messageId)) return true;
    entity.recentMessageIds.set(messageId, nowInMs);
    journal?.accepted(entity.name, messageId, nowInMs);
    return false;
  };

  const send = (entityName: string, messages: OutgoingMessage[]): void => {
    assertOpen();
    const entity = findEntity(entityName);
    // Encode the whole batch first: like a batch send, a bad message means nothing is sent.
    const drafts = messages.map((message) => toDraft(entityName, message, maxMessageSizeInBytes));
    const nowInMs = Date.now();
    drafts.forEach((draft, index) => {
      if (isDuplicate(entity, draft.messageId, nowInMs)) return;
      const dueAt = messages[index]?.scheduledEnqueueTime;
      if (entity.store) {
        entity.store.main.add(draft, dueAt);
        return;
      }
      for (const subscription of entity.subscriptions.values()) {
        if (matchesFilter(draft.applicationProperties, subscription.filter)) {
          subscription.store.main.add(copyDraft(draft), dueAt);
        }
      }
    });
    // Resolving the send is the acknowledgement: it must not happen before the messages are on disk.
    journal?.flushDurably();
  };

  const createSender = (entityName: string): MessageSender => {
    let senderClosed = false;
    return {
      send: (messages) => {
        try {
          if (senderClosed) throw new BusError('Closed', `The sender for '${entityName}' is closed.`);
          send(entityName, Array.isArray(messages) ? messages : [messages]);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      close: () => {
        senderClosed = true;
        return Promise.resolve();
      },
    };
  };

  const createReceiver = (
    source: ReceiveSource,
    receiverOptions?: { subQueue?: 'deadLetter' },
  ): MessageReceiver => {
    const lifetime = new AbortController();
    const queue = (): LockingQueue => {
      const store = findStore(source);
      return receiverOptions?.subQueue === 'deadLetter' ? store.deadLetter : store.main;
    };
    const settle = (message: ReceivedMessage, action: (from: ReceivedFrom) => void): Promise<void> => {
      try {
        const from = deliveries.get(message);
        if (!from || from.queue !== queue()) {
          throw new BusError(
            'MessageNotReceived',
            `Message '${message.messageId}' was not received from ${describeSource(source)} on this bus.`,
          );
        }
        action(from);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };

    return {
      receive: async (receiveOptions: ReceiveOptions = {}) => {
        assertOpen();
        if (lifetime.signal.aborted)
          throw new BusError('Closed', `The receiver for ${describeSource(source)} is closed.`);
        const from = queue();
        const signals = receiveOptions.abortSignal
          ? [lifetime.signal, receiveOptions.abortSignal]
          : [lifetime.signal];
        const received = await from.receive(
          receiveOptions.maxMessageCount ?? 1,
          receiveOptions.maxWaitTimeInMs ?? 60_000,
          signals,
        );
        return received.map((delivery) => {
          const message = toReceivedMessage(delivery);
          deliveries.set(message, { queue: from, lockToken: delivery.lockToken });
          return message;
        });
      },
      complete: (message) => settle(message, ({ queue: from, lockToken }) => void from.settle(lockToken)),
      abandon: (message) => settle(message, ({ queue: from, lockToken }) => from.abandon(lockToken)),
      deadLetter: (message, { reason, description }: DeadLetterOptions) =>
        settle(message, ({ queue: from, lockToken }) => {
          const settled = from.settle(lockToken);
          // Dead-lettering from the dead-letter sub-queue just completes there, as on Service Bus.
          if (receiverOptions?.subQueue === 'deadLetter') return;
          findStore(source).deadLetter.adopt({
            ...settled,
            deadLetterReason: reason,
            deadLetterErrorDescription: description,
          });
        }),
      renewLock: async (message) => {
        let lockedUntil = new Date();
        await settle(message, ({ queue: from, lockToken }) => {
          lockedUntil = from.renew(lockToken);
        });
        return lockedUntil;
      },
      close: () => {
        lifetime.abort();
        return Promise.resolve();
      },
    };
  };

  const replayDeadLetter = (
    queueName: string,
    sequenceNumber: number,
    replayOptions: ReplayOptions = {},
  ): ReplayedMessage | undefined => {
    assertOpen();
    const { deadLetter } = findStore({ queue: queueName });
    // Taken with a lock like any receive, so the journal sees a delivery then a removal, as for a receiver.
    const delivery = deadLetter.receiveBySequenceNumber(sequenceNumber);
    if (!delivery) return undefined;
    const { message } = delivery;
    const messageId = replayMessageId(message.messageId, message.sequenceNumber);
    const dropped = new Set(replayOptions.dropProperties ?? []);
    try {
      send(queueName, [
        {
          messageId,
          body: decodeBody(message.body),
          ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
          ...(message.subject !== undefined ? { subject: message.subject } : {}),
          applicationProperties: Object.fromEntries(
            Object.entries(message.applicationProperties).filter(([name]) => !dropped.has(name)),
          ),
        },
      ]);
    } catch (error) {
      deadLetter.abandon(delivery.lockToken);
      throw error;
    }
    deadLetter.settle(delivery.lockToken);
    journal?.flushDurably();
    return { sequenceNumber: message.sequenceNumber, originalMessageId: message.messageId, messageId };
  };

  const allStores = (): MessageStore[] =>
    [...entities.values()].flatMap((entity) =>
      entity.store
        ? [entity.store]
        : [...entity.subscriptions.values()].map((subscription) => subscription.store),
    );

  return {
    declareQueue: (name, entityOptions) => void declareEntity('queue', name, entityOptions),
    declareTopic: (name, subscriptions, entityOptions) => {
      const topic = declareEntity('topic', name, entityOptions);
      for (const declaration of subscriptions) {
        const { name: subscriptionName, filter } =
          typeof declaration === 'string' ? { name: declaration, filter: undefined } : declaration;
        if (topic.subscriptions.has(subscriptionName)) continue;
        topic.subscriptions.set(subscriptionName, {
          name: subscriptionName,
          filter,
          store: createStore(`${name}/Subscriptions/${subscriptionName}`, topic.options),
        });
      }
    },
    stats: (source) => {
      const store = findStore(typeof source === 'string' ? { queue: source } : source);
      const deadLetter = store.deadLetter.counts();
      return {
        ...store.main.counts(),
        deadLetter: deadLetter.active + deadLetter.locked + deadLetter.scheduled,
      };
    },
    createSender,
    createReceiver,
    peekDeadLetters: (queueName, peekOptions = {}) => {
      try {
        assertOpen();
        const { deadLetter } = findStore({ queue: queueName });
        return Promise.resolve(deadLetter.peek(peekOptions.maxMessageCount ?? 50).map(fromStored));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    replayDeadLetter: (queueName, sequenceNumber, replayOptions) => {
      try {
        return Promise.resolve(replayDeadLetter(queueName, sequenceNumber, replayOptions));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    ping: (name) => {
      try {
        assertOpen();
        findEntity(name);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close: () => {
      closed = true;
      for (const store of allStores()) {
        store.main.close();
        store.deadLetter.close();
      }
      try {
        journal?.close();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return Promise.resolve();
    },
  };
}

function toDraft(entity: string, message: OutgoingMessage, maxMessageSizeInBytes: number): MessageDraft {
  if (typeof message.messageId !== 'string' || message.messageId === '') {
    throw new BusError('InvalidMessage', `A message for '${entity}' has no messageId.`);
  }
  return {
    messageId: message.messageId,
    body: encodeBody(message.body, entity, maxMessageSizeInBytes),
    ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    applicationProperties: { ...message.applicationProperties },
  };
}

function copyDraft(draft: MessageDraft): MessageDraft {
  return { ...draft, applicationProperties: { ...draft.applicationProperties } };
}

function toReceivedMessage({ message, lockToken, lockedUntil }: Delivery): ReceivedMessage {
  return { ...fromStored(message), lockToken, lockedUntil };
}

/** A message as a receiver (or a peek, without the lock fields) sees it: a fresh copy of the body. */
function fromStored(message: StoredMessage): ReceivedMessage {
  return {
    messageId: message.messageId,
    body: decodeBody(message.body),
    ...(message.contentType !== undefined ? { contentType: message.contentType } : {}),
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    applicationProperties: { ...message.applicationProperties },
    deliveryCount: message.deliveryCount,
    enqueuedTime: new Date(message.enqueuedTime),
    ...(message.deadLetterReason !== undefined ? { deadLetterReason: message.deadLetterReason } : {}),
    ...(message.deadLetterErrorDescription !== undefined
      ? { deadLetterErrorDescription: message.deadLetterErrorDescription }
      : {}),
    sequenceNumber: message.sequenceNumber,
  };
}

function matchesFilter(
  properties: ApplicationProperties,
  filter: ApplicationProperties | undefined,
): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([name, expected]) => properties[name] === expected);
}

function describeSource(source: ReceiveSource): string {
  return 'queue' in source
    ? `queue '${source.queue}'`
    : `subscription '${source.topic}/${source.subscription}'`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
