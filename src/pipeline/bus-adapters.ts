import type { MessageSender } from '../bus/bus.js';
import { EVENT_TYPE_PROPERTY } from '../config/names.js';
import { LOOK_MESSAGE_TYPE, type LookMessage } from './look-message.js';
import type { CommandQueue, DeliveryQueue, EventPublisher, LookQueue } from './ports.js';

/** Commands travel as JSON with their action and target kind as properties, for filtering and tracing. */
export function createCommandQueue(sender: MessageSender): CommandQueue {
  return {
    send: (command, options = {}) =>
      sender.send({
        messageId: options.messageId ?? command.id,
        body: command,
        contentType: 'application/json',
        subject: command.action,
        applicationProperties: {
          commandType: command.action,
          targetKind: command.target.kind,
          attempt: options.attempt ?? 1,
          ...(options.waits ? { waits: options.waits } : {}),
        },
        ...(options.notBefore ? { scheduledEnqueueTime: options.notBefore } : {}),
      }),
  };
}

/** Looks travel on the commands queue, told apart by their body's `type` (and the `messageType` property). */
export function createLookQueue(sender: MessageSender): LookQueue {
  return {
    schedule: ({ operationId, look, at }) => {
      const body: LookMessage = { type: LOOK_MESSAGE_TYPE, operationId, look };
      return sender.send({
        messageId: `${operationId}:look:${look}`,
        body,
        contentType: 'application/json',
        subject: LOOK_MESSAGE_TYPE,
        applicationProperties: { messageType: 'look' },
        scheduledEnqueueTime: at,
      });
    },
  };
}

/** Events are CloudEvents in structured mode; the type is copied to a property so subscriptions can filter. */
export function createEventPublisher(sender: MessageSender): EventPublisher {
  return {
    publish: (event) =>
      sender.send({
        messageId: event.id,
        body: event,
        contentType: 'application/cloudevents+json; charset=utf-8',
        subject: event.subject,
        applicationProperties: { [EVENT_TYPE_PROPERTY]: event.type },
      }),
  };
}

/** Deliveries travel as JSON; the event type and the subscriber's host are properties, for people and filters. */
export function createDeliveryQueue(sender: MessageSender): DeliveryQueue {
  return {
    send: (deliveries) =>
      sender.send(
        deliveries.map(({ delivery, messageId, attempt, notBefore }) => ({
          messageId,
          body: delivery,
          contentType: 'application/json',
          subject: delivery.event.subject,
          applicationProperties: {
            [EVENT_TYPE_PROPERTY]: delivery.event.type,
            subscriber: delivery.subscriber.host,
            attempt,
          },
          ...(notBefore ? { scheduledEnqueueTime: notBefore } : {}),
        })),
      ),
  };
}
