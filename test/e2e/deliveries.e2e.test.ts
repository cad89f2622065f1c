import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterView } from '../../src/pipeline/dead-letter-view.js';
import { DEFAULT_DELIVERIES_QUEUE } from '../../src/config/names.js';
import type { CompletionEvent } from '../harness/event-tap.js';
import { localBusOf } from '../harness/event-tap.js';
import { endpointTarget, finished, submitCommand, type Operation } from '../harness/operation-client.js';
import { settle } from '../harness/settle.js';
import { postJson, useStandaloneHost, type TestHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../harness/webhook-receiver.js';

// With a secret, deliveries carry the Standard Webhooks headers, webhook-id among them.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function deliveriesFor(received: ReceivedWebhook[], operationId: string): ReceivedWebhook[] {
  return received.filter((r) => (r.json as CompletionEvent | undefined)?.subject === operationId);
}

/** A suspend of an endpoint that is already suspended: it ends Succeeded at once, with one event. */
async function oneFinishedOperation(host: TestHost): Promise<Operation> {
  const endpointId = randomUUID();
  await host.admin.putEndpoint(endpointId, { status: 'Disabled' });
  const accepted = await submitCommand(host, { action: 'suspend', target: endpointTarget(endpointId) });
  const operation = await finished(host, accepted.id);
  expect(operation.status).toBe('Succeeded');
  return operation;
}

type DeadLetterItem = DeadLetterView & {
  body: { event: CompletionEvent; subscriber: { host: string } };
};

async function deadLetters(host: TestHost, entity: string): Promise<DeadLetterItem[]> {
  const response = await host.api(`/api/deadletters?entity=${entity}&top=100`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: DeadLetterItem[] }).value;
}

describe('a subscriber that fails for a while', () => {
  let flaky: WebhookReceiver;
  let healthy: WebhookReceiver;
  beforeAll(async () => {
    [flaky, healthy] = await Promise.all([startWebhookReceiver(), startWebhookReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([flaky.close(), healthy.close()]);
  });
  const main = useStandaloneHost({
    get settings() {
      return {
        EVENT_WEBHOOKS: JSON.stringify([
          { url: `${flaky.url}/flaky`, secret: SECRET },
          { url: `${healthy.url}/up`, secret: SECRET },
        ]),
      };
    },
  });

  it('gets the event later, by a scheduled retry, while the healthy one got it once and at once', async () => {
    const host = main();
    // The next POST to the flaky subscriber answers 503 and asks for a retry in 2 s.
    flaky.failNext(1, 503, 2);
    const operation = await oneFinishedOperation(host);

    // While the flaky subscriber waits for its retry, the retry is a scheduled message on the
    // deliveries queue: no function is sleeping on it.
    const bus = localBusOf(host.host);
    await waitFor(
      () =>
        deliveriesFor(healthy.received, operation.id).length === 1 &&
        bus.stats({ queue: DEFAULT_DELIVERIES_QUEUE }).scheduled === 1 &&
        deliveriesFor(flaky.received, operation.id).length === 0,
      { what: 'the healthy delivery made and the flaky one scheduled for later' },
    );

    const [late] = await waitFor(
      () => {
        const got = deliveriesFor(flaky.received, operation.id);
        return got.length > 0 && got;
      },
      { what: 'the retried delivery to the flaky subscriber' },
    );
    await settle(host.host);

    const toHealthy = deliveriesFor(healthy.received, operation.id);
    expect(toHealthy).toHaveLength(1);
    expect(deliveriesFor(flaky.received, operation.id)).toHaveLength(1);
    // The retry came after the subscriber's Retry-After, not from a redelivery to both.
    expect(late!.receivedAt - toHealthy[0]!.receivedAt).toBeGreaterThanOrEqual(1_500);
    expect(late!.headers['webhook-id']).toBe(toHealthy[0]!.headers['webhook-id']);
    expect(late!.rawBody).toBe(toHealthy[0]!.rawBody);
    // Nothing was dead-lettered: the retry succeeded.
    expect(await deadLetters(host, 'deliveries')).toEqual([]);
    // The host logged the failed try naming the host, never the path or the secret.
    const retryLines = host.logs.filter((line) => line.includes('tried again in'));
    expect(retryLines.length).toBeGreaterThanOrEqual(1);
    for (const line of host.logs) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain('/flaky');
    }
  });
});

describe('a subscriber that is down until it is replayed', () => {
  let down: WebhookReceiver;
  let healthy: WebhookReceiver;
  let refusing: WebhookReceiver;
  beforeAll(async () => {
    [down, healthy, refusing] = await Promise.all([
      // 503 with Retry-After: 0, so the scheduled retries come at once and the test is quick.
      startWebhookReceiver({ refuseAll: { status: 503, retryAfterSeconds: 0 } }),
      startWebhookReceiver(),
      startWebhookReceiver({ refuseAll: { status: 410 } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([down.close(), healthy.close(), refusing.close()]);
  });
  const ATTEMPTS = 3;
  const main = useStandaloneHost({
    get settings() {
      return {
        WEBHOOK_DELIVERY_ATTEMPTS: String(ATTEMPTS),
        EVENT_WEBHOOKS: JSON.stringify([
          { url: `${down.url}/down?token=url-credential`, secret: SECRET },
          { url: `${healthy.url}/up`, secret: SECRET },
          { url: `${refusing.url}/gone` },
        ]),
      };
    },
  });

  it('is dead-lettered after its attempts, listed with the reason, and delivered with the same webhook-id on replay', async () => {
    const host = main();
    const operation = await oneFinishedOperation(host);

    const forThisEvent = (items: DeadLetterItem[]) =>
      items.filter((item) => item.body.event.subject === operation.id);
    const listed = await waitFor(
      async () => {
        const items = forThisEvent(await deadLetters(host, 'deliveries'));
        return items.length === 2 && items;
      },
      { what: 'both failing deliveries in GET /api/deadletters?entity=deliveries' },
    );
    await settle(host.host);

    const failed = listed.find((item) => item.reason === 'DeliveryFailed');
    const refused = listed.find((item) => item.reason === 'DeliveryRefused');
    expect(failed).toMatchObject({
      entity: 'deliveries',
      id: expect.stringMatching(/^\d+$/),
      subject: operation.id,
      deliveryCount: 1,
      body: { event: { subject: operation.id, type: 'CognitiveOps.Operation.Succeeded' } },
    });
    expect(failed!.description).toContain('HTTP 503');
    expect(failed!.description).toContain(`after ${ATTEMPTS} attempts`);
    expect(Number.isNaN(Date.parse(failed!.firstSeenDateTime))).toBe(false);
    expect(refused!.description).toContain('HTTP 410');
    // The down subscriber was tried ATTEMPTS times, the refusing one once, the healthy one once.
    expect(deliveriesFor(down.received, operation.id)).toHaveLength(ATTEMPTS);
    expect(deliveriesFor(refusing.received, operation.id)).toHaveLength(1);
    expect(deliveriesFor(healthy.received, operation.id)).toHaveLength(1);
    // Neither the listing nor the log shows a secret or the subscriber's URL beyond its host.
    const listing = JSON.stringify(listed);
    expect(listing).not.toContain(SECRET);
    expect(listing).not.toContain('url-credential');
    expect(failed!.body.subscriber.host).toBe(new URL(down.url).host);
    for (const line of host.logs) expect(line).not.toContain('url-credential');

    // The subscriber comes back; the operator replays the delivery.
    down.refuseAll(undefined);
    const tries = deliveriesFor(down.received, operation.id);
    const replay = await host.api(`/api/deadletters/deliveries/${failed!.id}:replay`, postJson({}));
    expect(replay.status).toBe(202);
    const replayed = (await replay.json()) as { entity: string; id: string; messageId: string };
    expect(replayed).toMatchObject({ entity: 'deliveries', id: failed!.id });
    expect(replayed.messageId).not.toBe(failed!.messageId);

    const delivered = await waitFor(
      () => deliveriesFor(down.received, operation.id).length > tries.length && down.received.at(-1),
      { what: 'the replayed delivery' },
    );
    expect(delivered.headers['webhook-id']).toBe(tries[0]!.headers['webhook-id']);
    expect(delivered.headers['webhook-id']).toBe(failed!.body.event.id);
    expect(JSON.parse(delivered.rawBody)).toEqual(JSON.parse(tries[0]!.rawBody));
    await settle(host.host);
    // Gone from the dead letters; the refused one is still there; nobody else got anything more.
    expect(forThisEvent(await deadLetters(host, 'deliveries')).map((item) => item.id)).toEqual([refused!.id]);
    expect(deliveriesFor(healthy.received, operation.id)).toHaveLength(1);
    expect(localBusOf(host.host).stats({ queue: DEFAULT_DELIVERIES_QUEUE }).deadLetter).toBe(1);

    // The same dead letter cannot be replayed twice.
    const again = await host.api(`/api/deadletters/deliveries/${failed!.id}:replay`, postJson({}));
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'DeadLetterNotFound' } });
  });
});
