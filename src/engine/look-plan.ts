import type { LifecycleTimings } from '../domain/lifecycle.js';
import type { OperationRecord } from '../domain/operation.js';
import type { Log, LookQueue } from '../pipeline/ports.js';
import { observedDurationInMs, type DurationHistory, type DurationKey } from './duration-history.js';
import { DEFAULT_POLLING_POLICY, nextLookDelayInMs, type PollingPolicy } from './next-look.js';

/**
 * What the executor and the poller share to plan looks: the duration history, the look queue that
 * delivers each look at its time, and the policy. Each is optional so an engine without them (unit tests)
 * keeps the plain rule: no history, looks found by the timer.
 */
export interface LookPlanDeps {
  timings: LifecycleTimings;
  durations?: DurationHistory;
  looks?: LookQueue;
  polling?: PollingPolicy;
}

export function policyOf(deps: LookPlanDeps): PollingPolicy {
  return deps.polling ?? { ...DEFAULT_POLLING_POLICY, intervalInMs: deps.timings.statusCheckIntervalInMs };
}

/** The key the record's durations are kept under. */
export function durationKeyOf(record: OperationRecord): DurationKey {
  const durationClass = record.polling?.durationClass;
  return {
    resource: record.target.resource,
    kind: record.target.kind,
    action: record.action,
    ...(durationClass !== undefined ? { durationClass } : {}),
  };
}

export interface LookFacts {
  now: Date;
  /** The service's Retry-After on what it just answered. */
  retryAfterInMs: number | undefined;
  /** True when this follows a look that saw the operation still running (false right after the start). */
  afterLook: boolean;
  /** When the service said the work ended, if this look saw it end and the service says. */
  endedAt?: string | undefined;
}

/**
 * A Running record with its next look planned: `nextCheckAt` from the next-look rule and the next look
 * number. Only operations this app started have a start time and so a history to go by.
 */
export async function planNextLook(
  deps: LookPlanDeps,
  record: OperationRecord,
  facts: LookFacts,
  log: Log,
): Promise<OperationRecord> {
  if (record.status !== 'Running') {
    if (!facts.endedAt || !record.polling) return record;
    return { ...record, polling: { ...record.polling, endedAt: facts.endedAt } };
  }
  const polling = record.polling ?? { look: 0 };
  const nowMs = facts.now.getTime();
  const startedAtMs = Date.parse(polling.startedAt ?? record.lastActionDateTime);
  const estimate = polling.startedAt ? await estimateQuietly(deps, record, log) : undefined;
  const delayInMs = nextLookDelayInMs(
    {
      elapsedInMs: Number.isFinite(startedAtMs) ? nowMs - startedAtMs : 0,
      ...(facts.retryAfterInMs !== undefined ? { retryAfterInMs: facts.retryAfterInMs } : {}),
      ...(estimate ? { estimate } : {}),
    },
    policyOf(deps),
  );
  return {
    ...record,
    nextCheckAt: new Date(nowMs + delayInMs).toISOString(),
    polling: {
      ...polling,
      look: polling.look + 1,
      ...(facts.afterLook ? { lastLookAt: facts.now.toISOString() } : {}),
      scheduled: deps.looks !== undefined,
    },
  };
}

/**
 * After a write that stood: a Running record gets its look message; a record this write turned
 * Succeeded adds its duration to the history. Neither may fail the step: a lost look message is found by
 * the sweep, a lost duration only makes the next estimate a little older.
 */
export async function afterPlannedWrite(
  deps: LookPlanDeps,
  before: OperationRecord,
  saved: OperationRecord,
  log: Log,
): Promise<void> {
  const polling = saved.polling;
  if (saved.status === 'Running' && polling?.scheduled && saved.nextCheckAt && deps.looks) {
    try {
      await deps.looks.schedule({
        operationId: saved.id,
        look: polling.look,
        at: new Date(saved.nextCheckAt),
      });
    } catch (error) {
      log.warn(
        `Operation ${saved.id}: look ${polling.look} not scheduled (${messageOf(error)}); the sweep will look.`,
      );
    }
  }
  const startedAt = before.polling?.startedAt;
  if (before.status === 'Running' && saved.status === 'Succeeded' && startedAt && deps.durations) {
    const lastLookAt = before.polling?.lastLookAt;
    const endedAt = saved.polling?.endedAt;
    const duration = observedDurationInMs({
      startedAtMs: Date.parse(startedAt),
      lastRunningLookAtMs: lastLookAt ? Date.parse(lastLookAt) : undefined,
      doneSeenAtMs: Date.parse(saved.lastActionDateTime),
      ...(endedAt ? { serviceEndedAtMs: Date.parse(endedAt) } : {}),
    });
    try {
      await deps.durations.observe(durationKeyOf(before), duration);
    } catch (error) {
      log.warn(`Operation ${saved.id}: duration not recorded (${messageOf(error)}).`);
    }
  }
}

async function estimateQuietly(deps: LookPlanDeps, record: OperationRecord, log: Log) {
  if (!deps.durations) return undefined;
  try {
    return await deps.durations.estimate(durationKeyOf(record));
  } catch (error) {
    log.warn(`Operation ${record.id}: duration history unreadable (${messageOf(error)}); default looks.`);
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
