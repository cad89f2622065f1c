import { deterministicId } from '../shared/ids.js';
import { toResource } from './lifecycle.js';
import type { OperationRecord } from './operation.js';
import { OPERATION_EVENT_TYPES, type OperationEvent } from './operation-event.js';

const EVENT_SOURCE = '/cognitive-ops/operations';

/** The event id depends on the operation id alone: an operation ends once, so it has one event. */
function operationEventId(operationId: string): string {
  return deterministicId('operation-completed', operationId);
}

/** Builds the completion event of a terminal record; throws for a record that is not terminal. */
export function toOperationEvent(record: OperationRecord): OperationEvent {
  if (record.status !== 'Succeeded' && record.status !== 'Failed' && record.status !== 'Canceled') {
    throw new Error(`Operation '${record.id}' is ${record.status}; only terminal operations have an event.`);
  }
  return {
    specversion: '1.0',
    id: operationEventId(record.id),
    source: EVENT_SOURCE,
    type: OPERATION_EVENT_TYPES[record.status],
    subject: record.id,
    time: record.lastActionDateTime,
    datacontenttype: 'application/json',
    data: toResource(record),
    ...(record.traceContext?.traceparent ? { traceparent: record.traceContext.traceparent } : {}),
    ...(record.traceContext?.tracestate ? { tracestate: record.traceContext.tracestate } : {}),
  };
}
