import type { GetServices } from '../composition/app-services.js';
import { requireFeature } from '../composition/features.js';
import { DEFAULT_EVENTS_TOPIC, EVENT_SUBSCRIPTIONS } from '../config/names.js';
import { parseOperationEvent } from '../domain/parse-operation-event.js';
import { fanOutEventWebhooks } from '../pipeline/event-webhooks.js';
import type { ServiceBusTopicFunctionDefinition } from './definition.js';

/**
 * Topic trigger: puts one delivery per matching `EVENT_WEBHOOKS` subscriber on the `deliveries` queue
 * (`deliverWebhook` below makes them), so a failing subscriber never holds up or repeats the others.
 */
export function eventWebhooksFunction(getServices: GetServices): ServiceBusTopicFunctionDefinition {
  return {
    kind: 'serviceBusTopic',
    name: 'fanOutEventWebhooks',
    topicSetting: 'EVENTS_TOPIC',
    defaultTopic: DEFAULT_EVENTS_TOPIC,
    subscription: EVENT_SUBSCRIPTIONS.webhooks,
    handler: async (message, context) => {
      const services = await getServices();
      // Off while EVENT_WEBHOOKS is malformed: the event is refused (redelivered, then dead-lettered, and
      // replayable once the setting is fixed) rather than completed as if it had been delivered.
      requireFeature(services.features, 'eventWebhooks');
      const event = parseOperationEvent(message);
      const queued = await fanOutEventWebhooks(services.settings.eventWebhooks, services.deliveries, event);
      if (queued > 0) context.log(`Event ${event.id}: ${queued} webhook deliveries queued.`);
    },
  };
}

/** Topic trigger: one log line per completion, for App Insights queries and `npm start` output. */
export function eventLogFunction(): ServiceBusTopicFunctionDefinition {
  return {
    kind: 'serviceBusTopic',
    name: 'logOperationEvents',
    topicSetting: 'EVENTS_TOPIC',
    defaultTopic: DEFAULT_EVENTS_TOPIC,
    subscription: EVENT_SUBSCRIPTIONS.log,
    handler: async (message, context) => {
      const event = parseOperationEvent(message);
      const { data } = event;
      context.log(
        `Event ${event.type}: operation ${data.id} (${data.action} ${data.target.kind} on '${data.target.resource}')` +
          (data.error ? ` ${data.error.code}: ${data.error.message}` : ''),
      );
      return Promise.resolve();
    },
  };
}
