import { z } from 'zod';
import { invalidRequest, RequestRefusedError } from '../domain/refusal.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import type { OperationResource } from '../domain/operation.js';
import { newId } from '../shared/ids.js';
import type { ScheduleDeps } from './deps.js';
import { toWindow } from './evaluate-schedules.js';
import { replacedByNewer } from './override-replacement.js';
import { resolveTarget, scheduleTargetSchema, targetKey, type EndpointRef } from './schedule.js';
import { scheduleCommand } from './schedule-commands.js';
import type { ScheduleOverride, StoredSchedule } from './schedule-store.js';
import { ACTION_FOR_HOLD, desiredActionAt, isHeld } from './transitions.js';

/** An override is a temporary exception, not a second schedule. */
export const MAX_OVERRIDE_DAYS = 31;

/** The body of `POST /api/schedules/{name}/overrides`. */
export const overrideRequestSchema = z.strictObject({
  targets: z.array(scheduleTargetSchema).min(1).optional(),
  until: z.iso.datetime({ offset: true }),
  hold: z.enum(['running', 'suspended']),
});

export type OverrideDeps = Pick<ScheduleDeps, 'store' | 'submit' | 'clock' | 'aliases'>;

export interface OverrideChange {
  schedule: StoredSchedule;
  override: ScheduleOverride;
  /** The operations submitted to put the targets in the held state (or back to the schedule's). */
  operations: OperationResource[];
}

export async function getScheduleOrThrow(
  deps: Pick<ScheduleDeps, 'store'>,
  name: string,
): Promise<StoredSchedule> {
  const stored = await deps.store.get(name);
  if (!stored)
    throw new RequestRefusedError('NotFound', 'ScheduleNotFound', `No schedule named '${name}'.`, 'name');
  return stored;
}

/**
 * Holds targets in a state until `until`: stored first (so the timer skips their transitions), then the
 * hold's command is submitted at once, e.g. a resume for "keep jessica up until 22:00" at 20:00.
 */
export async function createOverride(
  deps: OverrideDeps,
  name: string,
  body: unknown,
): Promise<OverrideChange> {
  const schedule = await getScheduleOrThrow(deps, name);
  const request = parseOrRefuse(overrideRequestSchema, body);
  const now = deps.clock.now();
  const until = new Date(request.until);
  if (until.getTime() <= now.getTime()) {
    throw invalidRequest(
      'InvalidValue',
      `'until' must be in the future (now is ${now.toISOString()}).`,
      'until',
    );
  }
  if (until.getTime() - now.getTime() > MAX_OVERRIDE_DAYS * 86_400_000) {
    throw invalidRequest('InvalidValue', `'until' must be within ${MAX_OVERRIDE_DAYS} days.`, 'until');
  }
  const scheduleTargets = resolvedScheduleTargets(deps, schedule);
  const targets = request.targets
    ? request.targets.map((target, index) => {
        const resolved = resolveTarget(target, deps.aliases);
        const field = `targets.${index}`;
        if (!resolved || !scheduleTargets.some((t) => targetKey(t) === targetKey(resolved))) {
          throw invalidRequest(
            'NotAScheduleTarget',
            `This endpoint is not a target of schedule '${name}'.`,
            field,
          );
        }
        return resolved;
      })
    : scheduleTargets;
  const override: ScheduleOverride = {
    id: newId(),
    targets,
    hold: request.hold,
    createdDateTime: now.toISOString(),
    until: until.toISOString(),
  };
  const existing = await deps.store.listOverrides(name);
  await deps.store.addOverride(name, override);
  // The newer decision about an endpoint wins: older overrides give it up (and end if left with none).
  for (const older of replacedByNewer(existing, override, now).changed) {
    await deps.store.deleteOverride(name, older.id);
    await deps.store.addOverride(name, older);
  }
  const action = ACTION_FOR_HOLD[override.hold];
  const operations: OperationResource[] = [];
  for (const target of targets) {
    const { operation } = await deps.submit(scheduleCommand(name, target, action, now));
    operations.push(operation);
  }
  return { schedule, override, operations };
}

/** Overrides still in force (`until` in the future), soonest end first. */
export async function listActiveOverrides(
  deps: Pick<ScheduleDeps, 'store' | 'clock'>,
  name: string,
): Promise<{ schedule: StoredSchedule; overrides: ScheduleOverride[] }> {
  const schedule = await getScheduleOrThrow(deps, name);
  const now = deps.clock.now().getTime();
  const overrides = (await deps.store.listOverrides(name)).filter((o) => Date.parse(o.until) > now);
  return { schedule, overrides };
}

/**
 * Ends an override early: its targets go back to what the schedule wants now, unless another override
 * still holds them or the schedule is disabled.
 */
export async function endOverride(
  deps: OverrideDeps,
  name: string,
  overrideId: string,
): Promise<OverrideChange> {
  const { schedule, overrides } = await listActiveOverrides(deps, name);
  const override = overrides.find((o) => o.id === overrideId);
  if (!override || !(await deps.store.deleteOverride(name, overrideId))) {
    throw new RequestRefusedError(
      'NotFound',
      'OverrideNotFound',
      `No active override '${overrideId}' on schedule '${name}'.`,
      'overrideId',
    );
  }
  const now = deps.clock.now();
  const operations: OperationResource[] = [];
  if (!schedule.spec.enabled) return { schedule, override, operations };
  const desired = desiredActionAt(schedule.spec, now);
  if (!desired || desired === ACTION_FOR_HOLD[override.hold]) return { schedule, override, operations };
  const others = overrides.filter((o) => o.id !== overrideId).map(toWindow);
  for (const target of override.targets) {
    if (isHeld(others, targetKey(target), now)) continue;
    const { operation } = await deps.submit(scheduleCommand(name, target, desired, now));
    operations.push(operation);
  }
  return { schedule, override, operations };
}

function resolvedScheduleTargets(
  deps: Pick<ScheduleDeps, 'aliases'>,
  schedule: StoredSchedule,
): EndpointRef[] {
  return schedule.spec.targets.flatMap((target) => {
    const resolved = resolveTarget(target, deps.aliases);
    return resolved ? [resolved] : [];
  });
}
