import { trace, type Attributes } from '@opentelemetry/api';
import { ATTR } from './names.js';

/** What identifies an operation on spans, metrics and log records. */
export interface OperationIdentity {
  id: string;
  action: string;
  target: { kind: string; resource: string };
}

export function operationAttributes(operation: OperationIdentity): Attributes {
  return {
    [ATTR.operationId]: operation.id,
    [ATTR.action]: operation.action,
    [ATTR.targetKind]: operation.target.kind,
    [ATTR.resource]: operation.target.resource,
  };
}

/** Tags the active span (the request, message or check being handled) with the operation it serves. */
export function annotateActiveSpan(operation: OperationIdentity): void {
  trace.getActiveSpan()?.setAttributes(operationAttributes(operation));
}
