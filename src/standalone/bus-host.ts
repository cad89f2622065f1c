import type { BusClient } from '../bus/bus.js';
import { startMessagePump } from '../bus/message-pump.js';
import { toTriggerMetadata } from '../bus/trigger-metadata.js';
import type {
  ServiceBusQueueFunctionDefinition,
  ServiceBusTopicFunctionDefinition,
} from '../functions/definition.js';
import { createInvocationContext, type HostLog } from './invocation.js';

export type ResolvedBusDefinition =
  | (ServiceBusQueueFunctionDefinition & { entity: string })
  | (ServiceBusTopicFunctionDefinition & { entity: string });

/**
 * Drives the queue and topic triggers from a bus the way the Functions host does: each message goes to the
 * handler with the host's trigger metadata; returning completes it, throwing abandons it.
 */
export function startBusHost(
  bus: BusClient,
  definitions: ResolvedBusDefinition[],
  options: { concurrency: number; log: HostLog },
): { stop(): Promise<void> } {
  const pumps = definitions.map((definition) => {
    const receiver = bus.createReceiver(
      definition.kind === 'serviceBusQueue'
        ? { queue: definition.entity }
        : { topic: definition.entity, subscription: definition.subscription },
    );
    return startMessagePump({
      receiver,
      concurrency: options.concurrency,
      handle: (message) =>
        definition.handler(
          message.body,
          createInvocationContext(definition.name, options.log, toTriggerMetadata(message)),
        ),
      onError: (error, message) =>
        options.log(
          `[${definition.name}] message ${message.messageId} (delivery ${message.deliveryCount}) failed: ${
            error instanceof Error ? error.message : String(error)
          }`,
        ),
    });
  });
  return { stop: async () => void (await Promise.all(pumps.map((pump) => pump.stop()))) };
}
