import { context, SpanKind } from '@opentelemetry/api';
import type { BusClient, MessageSender, OutgoingMessage } from '../bus/bus.js';
import { inSpan } from './instrument-functions.js';
import { currentTraceCarrier } from './trace-context.js';
import { isTelemetryEnabled } from './tracer.js';

/**
 * Every send becomes a producer span, and every message carries the W3C trace context of that span in its
 * `traceparent`/`tracestate` application properties, so the consumer that runs it joins the same trace.
 * A message that already carries one (a replay, a re-send of a recorded command) keeps its own.
 */
export function traceBus(bus: BusClient): BusClient {
  return {
    ...bus,
    createSender: (entity) => traceSender(bus.createSender(entity), entity),
    createReceiver: (source, options) => bus.createReceiver(source, options),
    ping: (entity) => bus.ping(entity),
    close: () => bus.close(),
  };
}

function traceSender(sender: MessageSender, entity: string): MessageSender {
  return {
    send: (messages) => {
      if (!isTelemetryEnabled()) return sender.send(messages);
      const batch = Array.isArray(messages) ? messages : [messages];
      const attributes = {
        'messaging.system': 'servicebus',
        'messaging.operation.type': 'send',
        'messaging.destination.name': entity,
        'messaging.batch.message_count': batch.length,
        ...(batch.length === 1 ? { 'messaging.message.id': batch[0]!.messageId } : {}),
      };
      return inSpan(`send ${entity}`, SpanKind.PRODUCER, attributes, context.active(), () => {
        const carrier = currentTraceCarrier();
        return sender.send(batch.map((message) => withTraceContext(message, carrier)));
      });
    },
    close: () => sender.close(),
  };
}

function withTraceContext(
  message: OutgoingMessage,
  carrier: ReturnType<typeof currentTraceCarrier>,
): OutgoingMessage {
  if (!carrier.traceparent || message.applicationProperties?.traceparent) return message;
  return { ...message, applicationProperties: { ...message.applicationProperties, ...carrier } };
}
