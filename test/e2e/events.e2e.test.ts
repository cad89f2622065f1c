import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { eventOf, quiesce, startEventTap, type CompletionEvent } from '../harness/event-tap.js';
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
