import {
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type {
  FunctionDefinition,
  HttpFunctionDefinition,
  ServiceBusQueueFunctionDefinition,
  ServiceBusTopicFunctionDefinition,
  TimerFunctionDefinition,
} from '../functions/definition.js';
import { carrierFrom, contextFromCarrier, type TraceCarrier } from './trace-context.js';
import { isTelemetryEnabled, tracer } from './tracer.js';

/**
 * Gives every invocation its span, whichever host runs it: the HTTP server span of a route, the consumer
 * span of a queue or topic message (joining the trace its `traceparent` property names), the span of a
 * timer run. Pipeline code below only annotates the active span or starts children of it.
 */
export function instrumentFunctions(definitions: FunctionDefinition[]): FunctionDefinition[] {
  return definitions.map(instrumentFunction);
}

function instrumentFunction(definition: FunctionDefinition): FunctionDefinition {
  switch (definition.kind) {
    case 'http': {
      const route = `/api/${definition.route}`;
      const handler = definition.handler;
      const instrumented: HttpFunctionDefinition = {
        ...definition,
        handler: (request, context) => {
          if (!isTelemetryEnabled()) return logErrorAnswers(request, context, handler);
          const attributes: Attributes = {
            'http.request.method': request.method,
            'http.route': route,
            'url.path': new URL(request.url).pathname,
            'url.scheme': new URL(request.url).protocol.replace(':', ''),
          };
          return inSpan(
            `${request.method} ${route}`,
            SpanKind.SERVER,
            attributes,
            parentOf(request, context),
            async (span) => {
              const response = await logErrorAnswers(request, context, handler);
              const status = response.status ?? 200;
              span.setAttribute('http.response.status_code', status);
              if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
              return response;
            },
          );
        },
      };
      return instrumented;
    }
    case 'serviceBusQueue':
    case 'serviceBusTopic': {
      const entity =
        definition.kind === 'serviceBusQueue' ? definition.defaultQueue : definition.defaultTopic;
      const handler = definition.handler;
      const instrumented: ServiceBusQueueFunctionDefinition | ServiceBusTopicFunctionDefinition = {
        ...definition,
        handler: (message: unknown, context: InvocationContext) => {
          if (!isTelemetryEnabled()) return handler(message, context);
          const metadata = context.triggerMetadata ?? {};
          const attributes: Attributes = {
            'messaging.system': 'servicebus',
            'messaging.operation.type': 'process',
            'messaging.destination.name': entity,
            ...(typeof metadata.messageId === 'string' ? { 'messaging.message.id': metadata.messageId } : {}),
            ...('subscription' in definition
              ? { 'messaging.destination.subscription.name': definition.subscription }
              : {}),
          };
          const carrier = carrierFrom(metadata.applicationProperties as Record<string, unknown> | undefined);
          return inSpan(
            `process ${entity}`,
            SpanKind.CONSUMER,
            attributes,
            parentFrom(carrier, context),
            () => handler(message, context),
          );
        },
      };
      return instrumented;
    }
    case 'timer': {
      const handler = definition.handler;
      const instrumented: TimerFunctionDefinition = {
        ...definition,
        handler: (timer, context) => {
          if (!isTelemetryEnabled()) return handler(timer, context);
          return inSpan(definition.name, SpanKind.INTERNAL, {}, parentFrom({}, context), () =>
            handler(timer, context),
          );
        },
      };
      return instrumented;
    }
  }
}

/** A refused or failed request leaves a log line naming its error code (never the request body). */
async function logErrorAnswers(
  request: HttpRequest,
  context: InvocationContext,
  handler: HttpFunctionDefinition['handler'],
): Promise<HttpResponseInit> {
  const response = await handler(request, context);
  const status = response.status ?? 200;
  if (status >= 400) {
    const code = new Headers(response.headers).get('x-ms-error-code') ?? 'unknown';
    const line = `${request.method} ${new URL(request.url).pathname} answered ${status} ${code}.`;
    if (status >= 500) context.error(line);
    else context.log(line);
  }
  return response;
}

/** The caller's `traceparent` header first; else the trace the Functions host opened for this invocation. */
function parentOf(request: HttpRequest, context: InvocationContext): Context {
  return parentFrom(carrierFrom(Object.fromEntries(request.headers.entries())), context);
}

function parentFrom(carrier: TraceCarrier, context: InvocationContext): Context {
  if (carrier.traceparent) return contextFromCarrier(carrier);
  const hostTrace = context.traceContext;
  return contextFromCarrier({
    ...(hostTrace?.traceParent ? { traceparent: hostTrace.traceParent } : {}),
    ...(hostTrace?.traceState ? { tracestate: hostTrace.traceState } : {}),
  });
}

/** Runs `work` in a new active span that ends (and records a thrown error) whatever happens. */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  parent: Context,
  work: (span: Span) => Promise<T>,
  links: Link[] = [],
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes, links }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
