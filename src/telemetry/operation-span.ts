import { SpanKind, trace, type Link } from '@opentelemetry/api';
import { inSpan } from './instrument-functions.js';
import { operationAttributes, type OperationIdentity } from './operation-attributes.js';
import { contextFromCarrier, type TraceCarrier } from './trace-context.js';
import { isTelemetryEnabled } from './tracer.js';

/**
 * Runs one step of an operation (a poller check, say) as a span in the operation's own trace, the one
 * its command started in, linked to the span of the run that does it (the poller's timer run), so both
 * "what happened to this operation" and "what did this poller run do" can be followed.
 */
export function inOperationTrace<T>(
  name: string,
  operation: OperationIdentity & { traceContext?: TraceCarrier },
  work: () => Promise<T>,
): Promise<T> {
  if (!isTelemetryEnabled()) return work();
  const runner = trace.getActiveSpan()?.spanContext();
  const links: Link[] = runner ? [{ context: runner }] : [];
  const parent = contextFromCarrier(operation.traceContext);
  return inSpan(name, SpanKind.INTERNAL, operationAttributes(operation), parent, work, links);
}
