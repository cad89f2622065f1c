import { z } from 'zod';
import type { OperationRecord } from '../domain/operation.js';
import type { EndpointAliases } from '../config/aliases.js';
import { isCustomVoiceEndpointTarget } from '../kinds/customvoice/target.js';
import type { OperationStore } from '../storage/operation-store.js';
import { resolveTarget, targetKey, type EndpointRef } from './schedule.js';
import type { StoredSchedule } from './schedule-store.js';

/**
 * "What it saved": per target of one schedule, the hours the endpoint actually spent suspended, read from
 * the operation history of that endpoint: every succeeded suspend and resume, whoever asked for it (the
 * schedule, its overrides, a person over HTTP or chat). A manual resume after a scheduled suspend ends the
 * suspended hours; a manual suspend counts too, since the endpoint cost nothing then either.
 */

/** The query of `GET /api/schedules/{name}/report`. */
export const reportQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(365).default(30),
});

const HOUR_IN_MS = 3_600_000;
const PAGE_SIZE = 1000;
/** Stop paging here; the report then says the history was not read to the end. */
const MAX_PAGES = 50;

export interface TargetSavings extends EndpointRef {
  /** Aliases that name this endpoint, for people reading the report. */
  aliases: string[];
  suspendedHours: number;
}

export interface SavingsReport {
  name: string;
  days: number;
  from: string;
  to: string;
  targets: TargetSavings[];
  totalSuspendedHours: number;
  /** False when the history was too long to read completely; the hours are then a lower bound. */
  historyComplete: boolean;
}

interface StateChange {
  atInMs: number;
  suspended: boolean;
}

/**
 * Hours suspended within `[fromInMs, toInMs)`, from one endpoint's succeeded schedule operations.
 * A suspend counts from when it completed, and ends when a resume was asked for (the endpoint is deployed
 * again from then on). Time before the first known operation is not counted: it is not known to be ours.
 */
export function suspendedHours(
  records: readonly OperationRecord[],
  fromInMs: number,
  toInMs: number,
): number {
  const changes: StateChange[] = records
    .filter((r) => r.status === 'Succeeded' && (r.action === 'suspend' || r.action === 'resume'))
    .map((r) => ({
      atInMs: Date.parse(r.action === 'suspend' ? r.lastActionDateTime : r.createdDateTime),
      suspended: r.action === 'suspend',
    }))
    .filter((c) => !Number.isNaN(c.atInMs))
    .sort((a, b) => a.atInMs - b.atInMs);
  let totalInMs = 0;
  let suspendedSince: number | undefined;
  const add = (start: number, end: number) => {
    totalInMs += Math.max(0, Math.min(end, toInMs) - Math.max(start, fromInMs));
  };
  for (const change of changes) {
    if (change.suspended) suspendedSince ??= change.atInMs;
    else if (suspendedSince !== undefined) {
      add(suspendedSince, change.atInMs);
      suspendedSince = undefined;
    }
  }
  if (suspendedSince !== undefined) add(suspendedSince, toInMs);
  return totalInMs / HOUR_IN_MS;
}

/** Reads the schedule's operations from the store and adds them up per target. */
export async function buildSavingsReport(
  deps: { operations: Pick<OperationStore, 'list'>; aliases: EndpointAliases },
  schedule: StoredSchedule,
  now: Date,
  days: number,
): Promise<SavingsReport> {
  const toInMs = now.getTime();
  const fromInMs = toInMs - days * 24 * HOUR_IN_MS;
  const byTarget = new Map<string, { target: EndpointRef; records: OperationRecord[] }>();
  for (const target of schedule.spec.targets) {
    const resolved = resolveTarget(target, deps.aliases);
    if (resolved) byTarget.set(targetKey(resolved), { target: resolved, records: [] });
  }

  const everyEndpoint = new Map<string, { target: EndpointRef; records: OperationRecord[] }>();
  const touchedBySchedule = new Set<string>();
  let continuationToken: string | undefined;
  let pages = 0;
  do {
    const page = await deps.operations.list({
      kind: 'customvoice-endpoint',
      status: 'Succeeded',
      top: PAGE_SIZE,
      ...(continuationToken ? { continuationToken } : {}),
    });
    for (const record of page.items) {
      if (!isCustomVoiceEndpointTarget(record.target)) continue;
      const target = { resource: record.target.resource, endpointId: record.target.endpointId.toLowerCase() };
      const key = targetKey(target);
      const entry = everyEndpoint.get(key) ?? { target, records: [] };
      entry.records.push(record);
      everyEndpoint.set(key, entry);
      if (record.requestedBy.source === 'schedule' && record.requestedBy.principal === schedule.name) {
        touchedBySchedule.add(key);
      }
    }
    continuationToken = page.continuationToken;
    pages += 1;
  } while (continuationToken && pages < MAX_PAGES);
  // The schedule's targets, whoever acted on them; and endpoints it no longer lists but acted on.
  for (const [key, entry] of everyEndpoint) {
    const listed = byTarget.get(key);
    if (listed) listed.records.push(...entry.records);
    else if (touchedBySchedule.has(key)) byTarget.set(key, entry);
  }

  const targets = [...byTarget.values()].map(({ target, records }) => ({
    ...target,
    aliases: aliasesOf(target, deps.aliases),
    suspendedHours: roundHours(suspendedHours(records, fromInMs, toInMs)),
  }));
  return {
    name: schedule.name,
    days,
    from: new Date(fromInMs).toISOString(),
    to: now.toISOString(),
    targets,
    totalSuspendedHours: roundHours(targets.reduce((sum, t) => sum + t.suspendedHours, 0)),
    historyComplete: continuationToken === undefined,
  };
}

function aliasesOf(target: EndpointRef, aliases: EndpointAliases): string[] {
  return Object.entries(aliases)
    .filter(([, alias]) => targetKey(alias) === targetKey(target))
    .map(([name]) => name)
    .sort();
}

function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}
