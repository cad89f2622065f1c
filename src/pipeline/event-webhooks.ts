import type { EventWebhook } from '../config/core-settings.js';
import type { OperationEvent } from '../domain/operation-event.js';
import { deliverWebhook } from '../webhooks/deliver.js';
import type { Log } from './ports.js';

/** Whether a subscriber wants this event type (no `types` means every type). */
export function wantsEvent(webhook: EventWebhook, event: OperationEvent): boolean {
  return !webhook.types || webhook.types.includes(event.type);
}

/**
 * Delivers one event to every matching subscriber, signed per Standard Webhooks when a secret is set.
 * Each delivery retries on its own; if any still fails, this throws so the bus redelivers the message
 * (and dead-letters it after the last try). Receivers deduplicate by `webhook-id`, the event id.
 */
export async function deliverEventWebhooks(
  webhooks: EventWebhook[],
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
          await deliverWebhook({
            url: webhook.url,
            body,
            contentType: 'application/cloudevents+json',
            ...(webhook.secret ? { signing: { secret: webhook.secret, id: event.id } } : {}),
          });
        } catch (error) {
          failures.push(new URL(webhook.url).host);
          log.error(
            `Event ${event.id}: delivery failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }),
  );
  if (failures.length > 0) {
    throw new Error(`Event ${event.id} could not be delivered to ${failures.join(', ')}.`);
  }
}
