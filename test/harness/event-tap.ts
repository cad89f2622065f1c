import { randomUUID } from 'node:crypto';
import type { ApplicationProperties, ReceivedMessage } from '../../src/bus/bus.js';
import type { LocalBus } from '../../src/bus/local-bus.js';
import { DEFAULT_EVENTS_TOPIC } from '../../src/config/names.js';
import type { StandaloneHost } from '../../src/standalone/host.js';
import { settle } from './settle.js';

/** The CloudEvent of a completion, as far as these tests read it. */
export interface CompletionEvent {
  id: string;
  type: string;
  subject: string;
  data: { id: string; status: string; error?: { code: string; message: string } };
}

export interface EventTap {
  subscription: string;
  /** Every message the subscription got so far, in arrival order (each completed after it was recorded). */
  messages: ReceivedMessage[];
  /** The messages whose event is about this operation. */
  eventsFor(operationId: string): ReceivedMessage[];
  close(): Promise<void>;
}

export function localBusOf(host: StandaloneHost): LocalBus {
  if (host.busKind !== 'local') throw new Error('These tests need the local bus.');
  return host.bus as LocalBus;
}

export function eventOf(message: ReceivedMessage): CompletionEvent {
  return message.body as CompletionEvent;
}

/**
 * A subscription of our own on the events topic, as another team would add one (optionally with a
 * correlation filter on application properties), read by a receive loop for the rest of the test.
 * Only events published after the call reach it.
 */
export function startEventTap(host: StandaloneHost, filter?: ApplicationProperties): EventTap {
  const bus = localBusOf(host);
  const subscription = `test-tap-${randomUUID().slice(0, 8)}`;
  bus.declareTopic(DEFAULT_EVENTS_TOPIC, [filter ? { name: subscription, filter } : subscription]);
  const receiver = bus.createReceiver({ topic: DEFAULT_EVENTS_TOPIC, subscription });
  const stopping = new AbortController();
  const messages: ReceivedMessage[] = [];

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      const received = await receiver.receive({
        maxMessageCount: 50,
        maxWaitTimeInMs: 60_000,
        abortSignal: stopping.signal,
      });
      for (const message of received) {
        messages.push(message);
        await receiver.complete(message);
      }
    }
  };
  // The loop ends when the tap or the bus closes; an error then is expected and not interesting.
  const running = loop().catch(() => undefined);

  return {
    subscription,
    messages,
    eventsFor: (operationId) => messages.filter((message) => eventOf(message).subject === operationId),
    close: async () => {
      stopping.abort();
      await running;
      await receiver.close();
    },
  };
}

/** The host settled, including the given taps' own subscriptions (see `settle`). */
export function quiesce(host: StandaloneHost, taps: EventTap[] = []): Promise<void> {
  return settle(
    host,
    taps.map((tap) => tap.subscription),
  );
}
