import type { Command } from './command.js';
import {
  isTerminalStatus,
  type OperationError,
  type OperationRecord,
  type OperationResource,
  type UpstreamState,
} from './operation.js';
import { ERROR_CODES, type Outcome } from './outcome.js';
import { requestHash } from './request-hash.js';

/**
 * The operation life cycle as pure record transitions. Every transition returns a new record; the caller
 * writes it with the record's ETag, so two workers can never both apply one.
 *
 * `nextCheckAt` is the poller's to-do marker: while NotStarted it is the moment to re-send a command
 * whose message may have been lost; while Running the next status check; once terminal "now", until the
 * completion event has been handed to the bus, after which it is cleared.
 */

export interface LifecycleTimings {
  /** Next status check when the service gives no Retry-After. */
  statusCheckIntervalInMs: number;
  /** How long a NotStarted operation may wait for the executor before its command is re-sent. */
  recoveryDelayInMs: number;
  /** An operation not terminal this long after it was accepted ends Failed/Expired. */
  operationTimeoutInMs: number;
}

const MIN_CHECK_DELAY_IN_MS = 1_000;
const MAX_CHECK_DELAY_IN_MS = 5 * 60_000;

export function createOperationRecord(
  command: Command,
  now: Date,
  timings: LifecycleTimings,
  targetKey?: string,
): OperationRecord {
  const at = now.toISOString();
  return {
    ...(targetKey === undefined ? {} : { targetKey }),
    id: command.id,
    status: 'NotStarted',
    action: command.action,
    target: command.target,
    createdDateTime: at,
    lastActionDateTime: at,
    requestedBy: command.requestedBy,
    requestHash: requestHash(command.action, command.target),
    checkCount: 0,
    nextCheckAt: new Date(now.getTime() + timings.recoveryDelayInMs).toISOString(),
  };
}

/** Rebuilds the command of a record, so a lost command can be sent again exactly as it was. */
export function commandOf(record: OperationRecord): Command {
  return {
    id: record.id,
    action: record.action,
    target: record.target,
    requestedBy: record.requestedBy,
    requestedDateTime: record.createdDateTime,
  };
}

/** The delay before the next look, from the service's Retry-After when it gave one, always bounded. */
export function nextCheckDelayInMs(retryAfterInMs: number | undefined, timings: LifecycleTimings): number {
  const wanted = retryAfterInMs ?? timings.statusCheckIntervalInMs;
  return Math.min(MAX_CHECK_DELAY_IN_MS, Math.max(MIN_CHECK_DELAY_IN_MS, wanted));
}

/** Applies what the service said. A running outcome schedules the next check; a terminal one ends it. */
export function applyOutcome(
  record: OperationRecord,
  outcome: Outcome,
  now: Date,
  timings: LifecycleTimings,
): OperationRecord {
  const upstream =
    outcome.upstreamStatus === undefined
      ? record.upstream
      : { ...record.upstream, status: outcome.upstreamStatus };
  if (outcome.kind === 'running') {
    return {
      ...record,
      status: 'Running',
      ...(upstream ? { upstream } : {}),
      checkCount: record.checkCount + 1,
      lastActionDateTime: record.status === 'Running' ? record.lastActionDateTime : now.toISOString(),
      nextCheckAt: new Date(
        now.getTime() + nextCheckDelayInMs(outcome.retryAfterInMs, timings),
      ).toISOString(),
    };
  }
  const ended: OperationRecord = {
    ...record,
    status: outcome.status,
    ...(upstream ? { upstream } : {}),
    checkCount: record.checkCount + 1,
    lastActionDateTime: now.toISOString(),
    nextCheckAt: now.toISOString(),
  };
  if (outcome.result) ended.result = outcome.result;
  if (outcome.error) ended.error = outcome.error;
  return ended;
}

/** Records what the service said about the upstream operation a command started (or found). */
export function withUpstreamOperation(record: OperationRecord, upstream: UpstreamState): OperationRecord {
  return { ...record, upstream: { ...record.upstream, ...upstream } };
}

export function fail(record: OperationRecord, error: OperationError, now: Date): OperationRecord {
  return applyOutcome(record, { kind: 'terminal', status: 'Failed', error }, now, {
    statusCheckIntervalInMs: 0,
    recoveryDelayInMs: 0,
    operationTimeoutInMs: 0,
  });
}

/** Past the tracking limit an operation will not be watched any longer. */
export function isOverdue(record: OperationRecord, now: Date, timings: LifecycleTimings): boolean {
  return (
    !isTerminalStatus(record.status) &&
    now.getTime() - Date.parse(record.createdDateTime) > timings.operationTimeoutInMs
  );
}

export function expire(record: OperationRecord, now: Date, timings: LifecycleTimings): OperationRecord {
  return fail(
    record,
    {
      code: ERROR_CODES.Expired,
      message: `The operation did not finish within ${describeDuration(timings.operationTimeoutInMs)}.`,
    },
    now,
  );
}

function describeDuration(durationInMs: number): string {
  const minutes = durationInMs / 60_000;
  return Number.isInteger(minutes)
    ? `${minutes} minute${minutes === 1 ? '' : 's'}`
    : `${Math.round(durationInMs / 1000)} seconds`;
}

/** A NotStarted operation whose command is being retried later: the poller must not re-send it before. */
export function deferStart(
  record: OperationRecord,
  retryAt: Date,
  timings: LifecycleTimings,
): OperationRecord {
  return {
    ...record,
    nextCheckAt: new Date(retryAt.getTime() + timings.recoveryDelayInMs).toISOString(),
  };
}

export function needsEvent(record: OperationRecord): boolean {
  return isTerminalStatus(record.status) && record.eventPublishedDateTime === undefined;
}

export function markEventPublished(record: OperationRecord, now: Date): OperationRecord {
  const { nextCheckAt: _done, ...rest } = record;
  return { ...rest, eventPublishedDateTime: now.toISOString() };
}

/** The public resource: the record without its bookkeeping. */
export function toResource(record: OperationRecord): OperationResource {
  const resource: OperationResource = {
    id: record.id,
    status: record.status,
    action: record.action,
    target: record.target,
    createdDateTime: record.createdDateTime,
    lastActionDateTime: record.lastActionDateTime,
  };
  if (record.upstream) resource.upstream = record.upstream;
  if (record.result) resource.result = record.result;
  if (record.error) resource.error = record.error;
  return resource;
}
