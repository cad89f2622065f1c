import type { InvocationContext } from '@azure/functions';
import { DeadLetterError } from '../bus/errors.js';
import type { GetServices } from '../composition/app-services.js';
import { DEFAULT_COMMANDS_QUEUE } from '../config/names.js';
import { executeCommand, type Delivery } from '../engine/executor.js';
import { lookAtScheduled } from '../engine/poller.js';
import { parseLookMessage } from '../pipeline/look-message.js';
import { recordDeadLetter } from '../telemetry/metrics.js';
import type { ServiceBusQueueFunctionDefinition } from './definition.js';

/**
 * Queue trigger on `commands`: runs one command, or makes one scheduled look at a running operation (a
 * `status-check look` message). Throwing abandons the message (bus retry).
 */
export function executorFunction(getServices: GetServices): ServiceBusQueueFunctionDefinition {
  return {
    kind: 'serviceBusQueue',
    name: 'executeCommand',
    queueSetting: 'COMMANDS_QUEUE',
    defaultQueue: DEFAULT_COMMANDS_QUEUE,
    handler: async (message, context) => {
      const services = await getServices();
      const look = parseLookMessage(message);
      if (look) {
        await lookAtScheduled(
          {
            ...services,
            batchSize: 1,
            concurrency: 1,
          },
          look,
          context,
        );
        return;
      }
      try {
        await executeCommand(
          {
            ...services,
            maxAttempts: services.settings.executorMaxAttempts,
            claimDurationInMs: services.settings.executorClaimInMs,
          },
          message,
          deliveryOf(context),
          context,
        );
      } catch (error) {
        // Under the Functions host this abandons the message (see DeadLetterError); the log keeps why.
        if (error instanceof DeadLetterError) {
          recordDeadLetter(DEFAULT_COMMANDS_QUEUE, error.reason);
          context.error(
            `Message ${messageIdOf(context)} cannot be executed: ${error.reason}: ${error.description}`,
          );
        }
        throw error;
      }
    },
  };
}

/**
 * Which try of its command a message is, from the `attempt` application property in the Service Bus
 * trigger metadata (keys arrive with a lower-case first letter).
 */
export function deliveryOf(context: InvocationContext): Delivery {
  const metadata = context.triggerMetadata ?? {};
  const properties = (metadata.applicationProperties ?? {}) as Record<string, unknown>;
  const waits = toPositiveInt(properties.waits, 0);
  const deliveryCount = metadata.deliveryCount;
  return {
    attempt: toPositiveInt(properties.attempt, 1),
    ...(waits > 0 ? { waits } : {}),
    ...(typeof deliveryCount === 'number' && Number.isInteger(deliveryCount) ? { deliveryCount } : {}),
  };
}

/** The message id from the Service Bus trigger metadata. */
export function messageIdOf(context: InvocationContext): string {
  const id = context.triggerMetadata?.messageId;
  return typeof id === 'string' ? id : 'unknown';
}

function toPositiveInt(value: unknown, fallback: number): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : fallback;
}
