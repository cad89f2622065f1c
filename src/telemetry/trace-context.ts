import { context, propagation, trace, type Context } from '@opentelemetry/api';

/** A W3C trace context as it travels in headers, message properties and the operation record. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

/** The active context as `traceparent`/`tracestate`; empty when nothing is being traced. */
export function currentTraceCarrier(active: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  const traceparent = carrier.traceparent;
  if (!traceparent || !TRACEPARENT.test(traceparent)) return {};
  return carrier.tracestate ? { traceparent, tracestate: carrier.tracestate } : { traceparent };
}

/** The context a carrier names, as the parent of the next span; the root context when it names none. */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  const traceparent = carrier?.traceparent;
  if (!traceparent || !TRACEPARENT.test(traceparent.toLowerCase())) return context.active();
  const headers: Record<string, string> = { traceparent: traceparent.toLowerCase() };
  if (carrier.tracestate) headers.tracestate = carrier.tracestate;
  return propagation.extract(context.active(), headers);
}

/** Reads a carrier from message application properties or headers (case-insensitive, strings only). */
export function carrierFrom(source: Record<string, unknown> | undefined): TraceCarrier {
  if (!source) return {};
  const read = (name: string): string | undefined => {
    const key = Object.keys(source).find((k) => k.toLowerCase() === name);
    const value = key === undefined ? undefined : source[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const traceparent = read('traceparent');
  const tracestate = read('tracestate');
  return {
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  };
}

/** True when a span is recording in the active context: the app was started with an exporter. */
export function isTracing(): boolean {
  return trace.getActiveSpan()?.isRecording() ?? false;
}
