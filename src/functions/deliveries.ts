import { DeadLetterError } from '../bus/errors.js';
import type { GetServices } from '../composition/app-services.js';
import { requireFeature } from '../composition/features.js';
import { DEFAULT_DELIVERIES_QUEUE } from '../config/names.js';
import { deliverEventWebhook } from '../pipeline/event-webhooks.js';
import { recordDeadLetter } from '../telemetry/metrics.js';
import type { ServiceBusQueueFunctionDefinition } from './definition.js';
import { deliveryOf, messageIdOf } from './executor.js';

/**
 * Queue trigger on `deliveries`: one try at one webhook delivery. A passing failure schedules the next
 * try and completes this message; the last failed try or a refusal throws `DeadLetterError` (dead-lettered
 * with its reason by the standalone host; under the Functions host abandoned until `maxDeliveryCount`).
 */
export function deliveriesFunction(getServices: GetServices): ServiceBusQueueFunctionDefinition {
  return {
    kind: 'serviceBusQueue',
    name: 'deliverWebhook',
    queueSetting: 'DELIVERIES_QUEUE',
    defaultQueue: DEFAULT_DELIVERIES_QUEUE,
    handler: async (message, context) => {
      const services = await getServices();
      // Off while EVENT_WEBHOOKS is malformed: the delivery waits (redelivered, then dead-lettered and
      // replayable once the setting is fixed) rather than being dropped.
      requireFeature(services.features, 'eventWebhooks');
      try {
        await deliverEventWebhook(
          {
            webhooks: services.settings.eventWebhooks,
            urlPolicy: services.webhookUrlPolicy,
            deliveries: services.deliveries,
            clock: services.clock,
            maxAttempts: services.settings.webhookDeliveryAttempts,
          },
          message,
          { attempt: deliveryOf(context).attempt, messageId: messageIdOf(context) },
          context,
        );
      } catch (error) {
        if (error instanceof DeadLetterError) {
          recordDeadLetter(services.settings.deliveriesQueue, error.reason);
          context.error(
            `Delivery ${messageIdOf(context)} dead-lettered: ${error.reason}: ${error.description}`,
          );
        }
        throw error;
      }
    },
  };
}
