import type { OperationResource, OperationStatus } from './operation.js';

export const OPERATION_EVENT_TYPES = {
  Succeeded: 'CognitiveOps.Operation.Succeeded',
  Failed: 'CognitiveOps.Operation.Failed',
  Canceled: 'CognitiveOps.Operation.Canceled',
} as const;
export type OperationEventType = (typeof OPERATION_EVENT_TYPES)[keyof typeof OPERATION_EVENT_TYPES];

/** A completion event: CloudEvents 1.0, structured JSON, `data` = the operation resource. */
export interface OperationEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: OperationEventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: OperationResource;
  /** CloudEvents distributed-tracing extension: the trace of the command this event ends. */
  traceparent?: string;
  tracestate?: string;
}

export type TerminalStatus = Extract<OperationStatus, 'Succeeded' | 'Failed' | 'Canceled'>;
