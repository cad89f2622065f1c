import { DeadLetterError } from '../bus/errors.js';
import type { EventWebhook } from '../config/core-settings.js';
import type { OperationEvent } from '../domain/operation-event.js';
import type { Clock } from '../shared/clock.js';
import { WebhookDeliveryError, deliverWebhook } from '../webhooks/deliver.js';
import type { WebhookUrlPolicy } from '../webhooks/url-policy.js';
import {
  DELIVERY_DEAD_LETTER_REASONS,
  InvalidDeliveryError,
  afterFailedTry,
  fanOut,
  findSubscriber,
  parseDeliveryMessage,
  retryMessageId,
} from './delivery-message.js';
import type { DeliveryQueue, Log } from './ports.js';

/**
 * Puts one delivery per matching subscriber on the `deliveries` queue, so that each subscriber is
 * delivered to, retried and dead-lettered on its own. Resolves once the bus has them all; a redelivered
 * event sends the same message ids again, which duplicate detection drops.
 */
export async function fanOutEventWebhooks(
  webhooks: EventWebhook[],
  deliveries: DeliveryQueue,
  event: OperationEvent,
): Promise<number> {
  const queued = fanOut(event, webhooks);
  if (queued.length > 0) await deliveries.send(queued);
  return queued.length;
}

export interface WebhookDeliveryDeps {
  webhooks: EventWebhook[];
  urlPolicy: WebhookUrlPolicy;
  deliveries: DeliveryQueue;
  clock: Clock;
  /** Tries in all before a delivery failing for a passing reason is dead-lettered. */
  maxAttempts: number;
  /** Time allowed for the subscriber's response headers, per try (default 10 s). */
  timeoutInMs?: number;
}

export interface DeliveryAttempt {
  /** The `attempt` application property: 1 for the first try. */
  attempt: number;
  /** The id of the message being handled, from which a retry's id is derived. */
  messageId: string;
}

/**
 * One try at one delivery: one POST, signed per Standard Webhooks when the subscriber has a secret
 * (`webhook-id` = event id, the same on every try and replay). On a passing failure it schedules a copy
 * for later (`attempt` + 1) and returns, so the message is completed and nothing sleeps; after the last
 * attempt, or on a refusal, it throws `DeadLetterError` with the reason and a description that names the
 * subscriber's host only.
 */
export async function deliverEventWebhook(
  deps: WebhookDeliveryDeps,
  message: unknown,
  { attempt, messageId }: DeliveryAttempt,
  log: Log,
): Promise<void> {
  let delivery;
  try {
    delivery = parseDeliveryMessage(message);
  } catch (error) {
    if (error instanceof InvalidDeliveryError) {
      throw new DeadLetterError(DELIVERY_DEAD_LETTER_REASONS.invalid, error.message);
    }
    throw error;
  }
  const { event, subscriber } = delivery;
  const webhook = findSubscriber(deps.webhooks, subscriber);
  if (!webhook) {
    throw new DeadLetterError(
      DELIVERY_DEAD_LETTER_REASONS.subscriberNotConfigured,
      `No subscriber in EVENT_WEBHOOKS has the URL this delivery was for (host ${subscriber.host}); replay it once the subscriber is configured again.`,
    );
  }
  try {
    await deliverWebhook(
      {
        url: webhook.url,
        body: JSON.stringify(event),
        contentType: 'application/cloudevents+json',
        ...(webhook.secret ? { signing: { secret: webhook.secret, id: event.id } } : {}),
      },
      deps.urlPolicy,
      { maxAttempts: 1, clock: deps.clock, ...(deps.timeoutInMs ? { timeoutInMs: deps.timeoutInMs } : {}) },
    );
    return;
  } catch (error) {
    if (!(error instanceof WebhookDeliveryError)) throw error;
    const now = deps.clock.now();
    const next = afterFailedTry(
      {
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}),
        description: `Event ${event.id} to ${error.host}: ${
          error.status === undefined
            ? `network error${error.networkCode ? ` (${error.networkCode})` : ''}`
            : `HTTP ${error.status}`
        }.`,
      },
      attempt,
      deps.maxAttempts,
      now,
    );
    if (next.kind === 'dead-letter') throw new DeadLetterError(next.reason, next.description);
    await deps.deliveries.send([
      {
        delivery,
        messageId: retryMessageId(messageId, next.attempt),
        attempt: next.attempt,
        notBefore: new Date(now.getTime() + next.delayInMs),
      },
    ]);
    log.warn(
      `Event ${event.id}: delivery to ${error.host} failed (attempt ${attempt} of ${deps.maxAttempts}); tried again in ${Math.ceil(next.delayInMs / 1000)} s.`,
    );
  }
}
