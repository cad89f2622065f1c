import { AiServiceError, UnknownResourceError } from '../clients/errors.js';
import type { AiResourceRegistry } from '../clients/types.js';
import {
  applyOutcome,
  commandOf,
  expire,
  fail,
  isOverdue,
  needsEvent,
  nextCheckDelayInMs,
  type LifecycleTimings,
} from '../domain/lifecycle.js';
import { isTerminalStatus, type OperationRecord } from '../domain/operation.js';
import { ERROR_CODES, failed, type Outcome } from '../domain/outcome.js';
import type { Clock } from '../shared/clock.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { ConcurrencyConflictError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';
import type { CommandQueue, EventPublisher, Log } from '../pipeline/ports.js';
import { publishCompletion } from '../pipeline/publish-completion.js';
import { lookAt } from './follow.js';
import { runPaced, type Paced } from './pacing.js';
import type { KindRegistry } from './kind-registry.js';
import { afterPlannedWrite, planNextLook, type LookPlanDeps } from './look-plan.js';
import { recordPollerLag } from '../telemetry/metrics.js';
import { operationLog } from '../telemetry/operation-log.js';
import { inOperationTrace } from '../telemetry/operation-span.js';

export interface PollerDeps extends LookPlanDeps {
  operations: OperationStore;
  ai: AiResourceRegistry;
  kinds: KindRegistry;
  commands: CommandQueue;
  events: EventPublisher;
  clock: Clock;
  timings: LifecycleTimings;
  batchSize: number;
  concurrency: number;
  /**
   * How long past its time a look whose message was sent is left to that message before the timer, as a
   * safety sweep, makes it itself (0 or absent: at once). Everything else due is handled at once.
   */
  sweepGraceInMs?: number;
}

export interface PollReport {
  due: number;
  checked: number;
  completed: number;
  resent: number;
  /** Looks the resource's budget (or a 429 hold-back) put off to a later time. */
  deferred: number;
  conflicts: number;
}

/**
 * The timer-triggered poller: reads the due operations (cost grows with pending work, not history) and
 * moves each one on, with bounded concurrency so one slow service does not hold up the others.
 * Two pollers at once are safe: every write carries the record's ETag, the loser drops its result, and the
 * completion event has a deterministic id.
 */
export async function pollOperations(deps: PollerDeps, log: Log): Promise<PollReport> {
  const startedAt = deps.clock.now();
  const due = (await deps.operations.listDue(startedAt, deps.batchSize)).filter((stored) =>
    isSweptNow(stored.record, startedAt, deps.sweepGraceInMs ?? 0),
  );
  recordPollerLag(lagInSeconds(due, startedAt));
  const report: PollReport = {
    due: due.length,
    checked: 0,
    completed: 0,
    resent: 0,
    deferred: 0,
    conflicts: 0,
  };
  await mapWithConcurrency(due, deps.concurrency, async (stored) => {
    try {
      await inOperationTrace('check operation', stored.record, () =>
        pollOne(deps, stored, report, operationLog(log, stored.record)),
      );
    } catch (error) {
      if (error instanceof ConcurrencyConflictError) {
        report.conflicts += 1;
        return;
      }
      // One operation's trouble (storage hiccup, bus outage) must not stop the rest of the batch.
      log.error(
        `Operation ${stored.record.id}: poll failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  return report;
}

/**
 * Whether the sweep acts on a due record now: a look with a message on its way is left to the message
 * until the grace period is over. The due list is oldest first, so records left alone never crowd out
 * older work from a batch.
 */
function isSweptNow(record: OperationRecord, now: Date, graceInMs: number): boolean {
  if (graceInMs <= 0 || record.status !== 'Running' || !record.polling?.scheduled) return true;
  return Date.parse(record.nextCheckAt ?? '') <= now.getTime() - graceInMs;
}

/**
 * One scheduled look (a look message): the record is read again and looked at, unless the message is
 * stale (the sweep, or an earlier copy, already made this look and planned the next one).
 */
export async function lookAtScheduled(
  deps: PollerDeps,
  look: { operationId: string; look: number },
  log: Log,
): Promise<PollReport> {
  const report: PollReport = { due: 0, checked: 0, completed: 0, resent: 0, deferred: 0, conflicts: 0 };
  const stored = await deps.operations.get(look.operationId);
  if (!stored || stored.record.status !== 'Running' || stored.record.polling?.look !== look.look) {
    return report;
  }
  report.due = 1;
  try {
    await inOperationTrace('check operation', stored.record, () =>
      pollOne(deps, stored, report, operationLog(log, stored.record)),
    );
  } catch (error) {
    // The sweep or a twin message moved it on first: its write stands.
    if (!(error instanceof ConcurrencyConflictError)) throw error;
    report.conflicts += 1;
  }
  return report;
}

/** How long the longest-waiting due operation has waited past its due time. */
function lagInSeconds(due: StoredOperation[], now: Date): number {
  const dueTimes = due.map((stored) =>
    Date.parse(stored.record.nextCheckAt ?? stored.record.lastActionDateTime),
  );
  const oldest = Math.min(...dueTimes.filter(Number.isFinite));
  return Number.isFinite(oldest) ? Math.max(0, (now.getTime() - oldest) / 1000) : 0;
}

async function pollOne(
  deps: PollerDeps,
  stored: StoredOperation,
  report: PollReport,
  log: Log,
): Promise<void> {
  const record = stored.record;
  const now = deps.clock.now();
  if (needsEvent(record)) {
    countCompletion(report, await publishCompletion(deps, stored, log));
    return;
  }
  if (isTerminalStatus(record.status)) return;
  if (isOverdue(record, now, deps.timings)) {
    await finish(deps, stored, expire(record, now, deps.timings), report, log);
    return;
  }
  if (record.status === 'NotStarted') {
    // The executor has not picked the command up in time: its message may be lost. Sending it again is
    // safe (the executor is idempotent); the message id is new so duplicate detection keeps it.
    const attempt = record.checkCount + 1;
    await deps.commands.send(commandOf(record), { messageId: `${record.id}:recover:${attempt}` });
    const waiting: OperationRecord = {
      ...record,
      checkCount: attempt,
      nextCheckAt: new Date(now.getTime() + deps.timings.recoveryDelayInMs).toISOString(),
    };
    await deps.operations.update(waiting, stored.etag);
    report.resent += 1;
    log.warn(`Operation ${record.id}: not started after ${attempt} checks; command sent again.`);
    return;
  }
  let next: OperationRecord;
  try {
    const observed = await observeRunning(deps, record, now);
    if (observed.ran) {
      report.checked += 1;
      const outcome = observed.value;
      next = await planNextLook(
        deps,
        applyOutcome(record, outcome, now, deps.timings),
        {
          now,
          retryAfterInMs: outcome.kind === 'running' ? outcome.retryAfterInMs : undefined,
          endedAt: outcome.kind === 'terminal' ? outcome.endedAt : undefined,
          afterLook: true,
        },
        log,
      );
    } else {
      // The resource's budget (or a 429 hold-back) refused the look: plan it for when the budget allows,
      // as a scheduled look like any other, so the sweep need not find it.
      report.deferred += 1;
      next = await planNextLook(
        deps,
        record,
        { now, retryAfterInMs: Math.max(0, observed.notBefore.getTime() - now.getTime()), afterLook: false },
        log,
      );
    }
  } catch (error) {
    report.checked += 1;
    next = afterFailedCheck(record, error, now, deps.timings);
    if (next.status === 'Running' && error instanceof AiServiceError) {
      next = await planNextLook(
        deps,
        next,
        { now, retryAfterInMs: Date.parse(next.nextCheckAt ?? '') - now.getTime(), afterLook: false },
        log,
      );
    }
  }
  await finish(deps, stored, next, report, log);
}

/**
 * One look at a Running operation through its kind, with what earlier steps recorded upstream, when the
 * resource's budget lets it go now (a look yields to starts); otherwise when it may.
 */
async function observeRunning(deps: PollerDeps, record: OperationRecord, now: Date): Promise<Paced<Outcome>> {
  const steps = deps.kinds.stepsFor(record.target.kind, record.action);
  if (!steps) {
    return {
      ran: true,
      value: failed(undefined, {
        code: 'InvalidCommand',
        message: `A ${record.target.kind} target cannot be the subject of ${record.action}.`,
      }),
    };
  }
  return runPaced(deps.ai.forResource(record.target.resource), 'check', deps.clock, (resource) =>
    lookAt(steps, {
      action: record.action,
      target: record.target,
      operationId: record.id,
      upstream: record.upstream,
      resource,
      now,
    }),
  );
}

/** A passing failure of a status check only postpones it; a permanent one ends the operation. */
function afterFailedCheck(
  record: OperationRecord,
  error: unknown,
  now: Date,
  timings: LifecycleTimings,
): OperationRecord {
  if (error instanceof UnknownResourceError) {
    return fail(record, { code: ERROR_CODES.UnknownResource, message: error.message }, now);
  }
  if (!(error instanceof AiServiceError)) throw error;
  if (error.retryable) {
    const delayInMs = nextCheckDelayInMs(error.retryAfterInMs, timings);
    return { ...record, nextCheckAt: new Date(now.getTime() + delayInMs).toISOString() };
  }
  return fail(record, { code: error.code, message: error.message }, now);
}

async function finish(
  deps: PollerDeps,
  stored: StoredOperation,
  next: OperationRecord,
  report: PollReport,
  log: Log,
): Promise<void> {
  const saved = await deps.operations.update(next, stored.etag);
  await afterPlannedWrite(deps, stored.record, saved.record, log);
  if (isTerminalStatus(saved.record.status))
    countCompletion(report, await publishCompletion(deps, saved, log));
}

/**
 * An operation counts as completed by the run whose conditional write marked its event published. Another
 * run may be publishing the same event at the same moment (it read the record once it was terminal, before
 * the mark); the loser of that write counts a conflict, so two pollers never count one operation twice.
 */
function countCompletion(report: PollReport, published: { markedByThisRun: boolean }): void {
  if (published.markedByThisRun) report.completed += 1;
  else report.conflicts += 1;
}
