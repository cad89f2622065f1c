import type { OperationRecord } from '../domain/operation.js';
import type { Outcome } from '../domain/outcome.js';
import type { KindContext, KindSteps } from './kind.js';

/**
 * One look at an operation through its kind: read, interpret, and once it is over let the kind fetch the
 * result. The service's Retry-After on the reading is the polling hint when the kind named no wait.
 */
export async function lookAt(steps: KindSteps, context: KindContext): Promise<Outcome> {
  const reading = await steps.read(context);
  let outcome = steps.interpret(reading, context);
  if (outcome.kind === 'terminal' && steps.complete) {
    outcome = await steps.complete(outcome, reading, context);
  }
  const hint = retryAfterOf(reading);
  if (outcome.kind === 'running' && outcome.retryAfterInMs === undefined && hint !== undefined) {
    return { ...outcome, retryAfterInMs: hint };
  }
  return outcome;
}

function retryAfterOf(reading: unknown): number | undefined {
  if (typeof reading !== 'object' || reading === null) return undefined;
  const value = (reading as { retryAfterInMs?: unknown }).retryAfterInMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The record a status check starts from: `upstream.operationId` (and `operationLocation`) name what it follows. */
export function trackedForCheck(record: OperationRecord, steps: KindSteps): OperationRecord {
  const upstreamId = steps.upstreamIdOf?.(record.target);
  const upstreamLocation = steps.upstreamLocationOf?.(record.target);
  if (upstreamId === undefined && upstreamLocation === undefined) return record;
  return {
    ...record,
    upstream: {
      ...record.upstream,
      ...(upstreamId !== undefined ? { operationId: upstreamId } : {}),
      ...(upstreamLocation !== undefined ? { operationLocation: upstreamLocation } : {}),
    },
  };
}
