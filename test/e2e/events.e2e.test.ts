import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BUS_DEFAULTS } from '../../src/bus/local-bus.js';
import { DEFAULT_EVENTS_TOPIC, EVENT_SUBSCRIPTIONS } from '../../src/config/names.js';
import { SEED } from '../../src/simulator/seed.js';
import { eventOf, localBusOf, quiesce, startEventTap, type CompletionEvent } from '../harness/event-tap.js';
import { endpointTarget, finished, submitCommand, type Operation } from '../harness/operation-client.js';
import { useStandaloneHost, type TestHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../harness/webhook-receiver.js';

const FAILED = 'CognitiveOps.Operation.Failed';
const SUCCEEDED = 'CognitiveOps.Operation.Succeeded';
// With a secret, deliveries carry the Standard Webhooks headers, webhook-id among them.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let everything: WebhookReceiver;
let failedOnly: WebhookReceiver;
beforeAll(async () => {
  [everything, failedOnly] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
});
afterAll(async () => {
  await Promise.all([everything.close(), failedOnly.close()]);
});

const main = useStandaloneHost({
  get settings() {
    return {
      EVENT_WEBHOOKS: JSON.stringify([
        { url: `${everything.url}/all`, secret: SECRET },
        { url: `${failedOnly.url}/failed`, secret: SECRET, types: [FAILED] },
      ]),
    };
  },
});

function deliveriesFor(received: ReceivedWebhook[], operationId: string): ReceivedWebhook[] {
  return received.filter((r) => (r.json as CompletionEvent | undefined)?.subject === operationId);
}

/** One operation that ends Succeeded and one that ends Failed, both created by the caller's test. */
async function oneSucceededOneFailed(host: TestHost): Promise<{ succeeded: Operation; failed: Operation }> {
  const [succeededAccepted, failedAccepted] = await Promise.all([
    submitCommand(host, { action: 'status-check', target: endpointTarget(SEED.endpointId) }),
    submitCommand(host, {
      action: 'status-check',
      target: { kind: 'face-operation', resource: 'simulator', operationId: randomUUID() },
    }),
  ]);
  const [succeeded, failed] = await Promise.all([
    finished(host, succeededAccepted.id),
    finished(host, failedAccepted.id),
  ]);
  expect([succeeded.status, failed.status]).toEqual(['Succeeded', 'Failed']);
  return { succeeded, failed };
}

describe('completion events on the topic', () => {
  it('carry eventType = type and messageId = id, so a filtered subscription gets only Failed events', async () => {
    const host = main();
    const all = startEventTap(host.host);
    const failures = startEventTap(host.host, { eventType: FAILED });
    try {
      const { succeeded, failed } = await oneSucceededOneFailed(host);
      await waitFor(() => all.eventsFor(succeeded.id).length > 0 && all.eventsFor(failed.id).length > 0, {
        what: 'both events on the unfiltered subscription',
      });
      await quiesce(host.host, [all, failures]);

      expect(all.messages.length).toBeGreaterThanOrEqual(2);
      for (const message of all.messages) {
        const event = eventOf(message);
        expect(message.applicationProperties.eventType).toBe(event.type);
        expect(message.messageId).toBe(event.id);
        expect(message.contentType).toMatch(/^application\/cloudevents\+json/);
        expect(event).toMatchObject({
          specversion: '1.0',
          source: '/cognitive-ops/operations',
          subject: event.data.id,
          datacontenttype: 'application/json',
        });
      }
      expect(all.eventsFor(succeeded.id).map((m) => eventOf(m).type)).toEqual([SUCCEEDED]);
      expect(all.eventsFor(failed.id).map((m) => eventOf(m).type)).toEqual([FAILED]);

      expect(failures.messages.length).toBeGreaterThanOrEqual(1);
      for (const message of failures.messages) expect(eventOf(message).type).toBe(FAILED);
      expect(failures.eventsFor(failed.id).map((m) => m.messageId)).toEqual(
        all.eventsFor(failed.id).map((m) => m.messageId),
      );
      expect(failures.eventsFor(succeeded.id)).toEqual([]);
    } finally {
      await Promise.all([all.close(), failures.close()]);
    }
  });
});

describe('EVENT_WEBHOOKS subscribers', () => {
  it('POSTs to a subscriber with types only the events of those types, and every event to one without', async () => {
    const host = main();
    const { succeeded, failed } = await oneSucceededOneFailed(host);
    await waitFor(
      () =>
        deliveriesFor(everything.received, succeeded.id).length > 0 &&
        deliveriesFor(everything.received, failed.id).length > 0 &&
        deliveriesFor(failedOnly.received, failed.id).length > 0,
      { what: 'the webhook deliveries' },
    );
    await quiesce(host.host);

    const toEverything = [succeeded, failed].map((operation) =>
      deliveriesFor(everything.received, operation.id).map((r) => (r.json as CompletionEvent).type),
    );
    expect(toEverything).toEqual([[SUCCEEDED], [FAILED]]);
    const [failedDelivery, ...more] = deliveriesFor(failedOnly.received, failed.id);
    expect(more).toEqual([]);
    expect(failedDelivery!.json).toMatchObject({ type: FAILED, data: failed });
    expect(failedDelivery!.headers['webhook-id']).toBe((failedDelivery!.json as CompletionEvent).id);
    expect(deliveriesFor(failedOnly.received, succeeded.id)).toEqual([]);
    for (const delivery of failedOnly.received) {
      expect((delivery.json as CompletionEvent).type).toBe(FAILED);
    }
  });
});

/**
 * A host of its own, so that its subscriber that is down does not take part in the other tests. The
 * subscriber answers 503 with `Retry-After: 0`, which the delivery honours, so each bus delivery's
 * retries take milliseconds rather than the default backoff's seconds.
 */
describe('a subscriber that keeps failing', () => {
  let down: WebhookReceiver;
  let healthy: WebhookReceiver;
  beforeAll(async () => {
    [down, healthy] = await Promise.all([
      startWebhookReceiver({ refuseAll: { status: 503, retryAfterSeconds: 0 } }),
      startWebhookReceiver(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([down.close(), healthy.close()]);
  });
  const failing = useStandaloneHost({
    get settings() {
      return {
        EVENT_WEBHOOKS: JSON.stringify([
          { url: `${down.url}/down`, secret: SECRET },
          { url: `${healthy.url}/up`, secret: SECRET },
        ]),
      };
    },
  });

  it('is retried by the bus until the event is dead-lettered on the webhooks subscription', async () => {
    const host = failing();
    const endpointId = randomUUID();
    await host.admin.putEndpoint(endpointId, { status: 'Disabled' });
    const accepted = await submitCommand(host, { action: 'suspend', target: endpointTarget(endpointId) });
    const operation = await finished(host, accepted.id);
    expect(operation).toMatchObject({ status: 'Succeeded', result: { alreadyInDesiredState: true } });

    const bus = localBusOf(host.host);
    const deadLetters = bus.createReceiver(
      { topic: DEFAULT_EVENTS_TOPIC, subscription: EVENT_SUBSCRIPTIONS.webhooks },
      { subQueue: 'deadLetter' },
    );
    let deadLettered;
    try {
      deadLettered = await waitFor(
        async () => {
          const received = await deadLetters.receive({ maxMessageCount: 50, maxWaitTimeInMs: 1_000 });
          for (const message of received) await deadLetters.complete(message);
          return received.find((message) => eventOf(message).subject === operation.id);
        },
        { timeoutInMs: 45_000, what: 'the event in the webhooks dead-letter sub-queue' },
      );
    } finally {
      await deadLetters.close();
    }
    const event = eventOf(deadLettered);
    expect(deadLettered).toMatchObject({
      messageId: event.id,
      deadLetterReason: 'MaxDeliveryCountExceeded',
    });
    expect(event).toMatchObject({ type: SUCCEEDED, data: operation });
    await quiesce(host.host);

    // The bus delivered it maxDeliveryCount times (the host logs each failed delivery), then gave up.
    const failedDeliveries = host.logs
      .filter((line) => line.includes(`[deliverEventWebhooks] message ${event.id} (delivery `))
      .map((line) => Number(/\(delivery (\d+)\)/.exec(line)?.[1]));
    expect(failedDeliveries).toEqual(
      Array.from({ length: LOCAL_BUS_DEFAULTS.maxDeliveryCount }, (_, index) => index + 1),
    );

    // The subscriber that is down saw every try of this one event; it never got anything else.
    const tries = deliveriesFor(down.received, operation.id);
    expect(tries.length).toBeGreaterThanOrEqual(failedDeliveries.length);
    expect(new Set(tries.map((t) => t.headers['webhook-id']))).toEqual(new Set([event.id]));

    // The healthy subscriber got the event: the same one, with the same webhook-id, each time the bus
    // delivered it again (at least once; receivers deduplicate on webhook-id).
    const copies = deliveriesFor(healthy.received, operation.id);
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(new Set(copies.map((c) => c.headers['webhook-id']))).toEqual(new Set([event.id]));
    expect(new Set(copies.map((c) => c.rawBody)).size).toBe(1);
  });
});
