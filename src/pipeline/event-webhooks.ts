import type { EventWebhook } from '../config/core-settings.js';
import type { OperationEvent } from '../domain/operation-event.js';
import { isRetryableStatus } from '../shared/retryable-status.js';
import { WebhookDeliveryError, deliverWebhook } from '../webhooks/deliver.js';
import type { WebhookUrlPolicy } from '../webhooks/url-policy.js';
import type { Log } from './ports.js';

/** Whether a subscriber wants this event type (no `types` means every type). */
function wantsEvent(webhook: EventWebhook, event: OperationEvent): boolean {
  return !webhook.types || webhook.types.includes(event.type);
}

/**
 * Delivers one event to every matching subscriber, signed per Standard Webhooks when a secret is set.
 * Each delivery retries on its own; if one still fails for a passing reason (network, `isRetryableStatus`),
 * this throws so the bus redelivers the message (and dead-letters it after the last try). A subscriber
 * that refuses the event (another 4xx, 501, 505) is logged and not retried: a redelivery would be refused
 * again. Receivers deduplicate by `webhook-id`, the event id. `urlPolicy` is the composition root's.
 */
export async function deliverEventWebhooks(
  webhooks: EventWebhook[],
  urlPolicy: WebhookUrlPolicy,
  event: OperationEvent,
  log: Log,
): Promise<void> {
  const body = JSON.stringify(event);
  const failures: string[] = [];
  await Promise.all(
    webhooks
      .filter((webhook) => wantsEvent(webhook, event))
      .map(async (webhook) => {
        try {
          await deliverWebhook(
            {
              url: webhook.url,
              body,
              contentType: 'application/cloudevents+json',
              ...(webhook.secret ? { signing: { secret: webhook.secret, id: event.id } } : {}),
            },
            urlPolicy,
          );
        } catch (error) {
          log.error(
            `Event ${event.id}: delivery failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (isPassingFailure(error)) failures.push(new URL(webhook.url).host);
        }
      }),
  );
  if (failures.length > 0) {
    throw new Error(`Event ${event.id} could not be delivered to ${failures.join(', ')}.`);
  }
}

/** Network failures and the statuses `deliverWebhook` itself retries are worth another delivery later. */
function isPassingFailure(error: unknown): boolean {
  return (
    error instanceof WebhookDeliveryError && (error.status === undefined || isRetryableStatus(error.status))
  );
}
