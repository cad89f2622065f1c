import { RequestRefusedError } from '../domain/refusal.js';
import type { Log } from '../pipeline/ports.js';
import type { ScheduleDeps } from './deps.js';
import { resolveTarget, type EndpointRef } from './schedule.js';
import { scheduleCommand } from './schedule-commands.js';
import type { ScheduleOverride, StoredSchedule } from './schedule-store.js';
import { planEvaluation, type OverrideWindow } from './transitions.js';

export type EvaluateDeps = Pick<ScheduleDeps, 'store' | 'submit' | 'clock' | 'aliases' | 'catchUpGraceInMs'>;

/** What one timer run did, for its log line and for tests. */
export interface EvaluationReport {
  schedules: number;
  /** Commands recorded and enqueued by this run. */
  submitted: number;
  /** Commands whose id was already known (another run or instance got there first). */
  alreadySubmitted: number;
  /** Instants older than the grace period, skipped. */
  skipped: number;
  /** Schedules whose marker another evaluator moved first. */
  markerConflicts: number;
  /** Schedules or commands that failed; the marker of a schedule with a passing failure stays put. */
  failures: number;
}

/**
 * The schedule timer: for every schedule, acts on the instants since its stored evaluation marker and then
 * moves the marker with its ETag. Commands are submitted before the marker moves, so a crash in between
 * repeats them next run with the same deterministic ids instead of losing them.
 */
export async function evaluateSchedules(deps: EvaluateDeps, log: Log): Promise<EvaluationReport> {
  const now = deps.clock.now();
  const report: EvaluationReport = {
    schedules: 0,
    submitted: 0,
    alreadySubmitted: 0,
    skipped: 0,
    markerConflicts: 0,
    failures: 0,
  };
  for (const schedule of await deps.store.list()) {
    report.schedules += 1;
    try {
      await evaluateOne(deps, schedule, now, report, log);
    } catch (error) {
      report.failures += 1;
      log.error(`Schedule '${schedule.name}': evaluation failed:`, describe(error));
    }
  }
  return report;
}

async function evaluateOne(
  deps: EvaluateDeps,
  schedule: StoredSchedule,
  now: Date,
  report: EvaluationReport,
  log: Log,
): Promise<void> {
  const marker = await deps.store.getEvaluationMarker(schedule.name);
  if (!marker) {
    await deps.store.initEvaluationMarker(schedule.name, now);
    return;
  }
  if (now.getTime() <= marker.lastEvaluatedAt.getTime()) return;

  const overrides = await deps.store.listOverrides(schedule.name);
  let passingFailure = false;
  if (schedule.spec.enabled) {
    const plan = planEvaluation({
      rules: schedule.spec,
      targets: resolveTargets(deps, schedule, log),
      overrides: overrides.map(toWindow),
      lastEvaluatedAt: marker.lastEvaluatedAt,
      now,
      catchUpGraceInMs: deps.catchUpGraceInMs,
    });
    if (plan.skipped.length > 0) {
      report.skipped += plan.skipped.length;
      const listed = plan.skipped.map((s) => `${s.action} at ${s.instant.toISOString()}`).join(', ');
      log.warn(
        `Schedule '${schedule.name}': skipped instants older than the catch-up grace period: ${listed}${
          plan.moreSkipped ? ' and more' : ''
        }.`,
      );
    }
    for (const planned of plan.commands) {
      const command = scheduleCommand(schedule.name, planned.target, planned.action, planned.instant);
      try {
        const { created } = await deps.submit(command);
        if (created) report.submitted += 1;
        else report.alreadySubmitted += 1;
        log.log(
          `Schedule '${schedule.name}': ${planned.action} ${planned.target.resource}/${planned.target.endpointId} for ${planned.instant.toISOString()} (${planned.cause}) -> operation ${command.id}${created ? '' : ' (already submitted)'}.`,
        );
      } catch (error) {
        report.failures += 1;
        // A refusal (unknown resource) will not get better by retrying; anything else might.
        if (!(error instanceof RequestRefusedError)) passingFailure = true;
        log.error(
          `Schedule '${schedule.name}': ${planned.action} of ${planned.target.resource}/${planned.target.endpointId} failed:`,
          describe(error),
        );
      }
    }
  }
  if (passingFailure) return;

  const advanced = await deps.store.advanceEvaluationMarker(schedule.name, now, marker.etag);
  if (!advanced) report.markerConflicts += 1;
  // Overrides that have ended were acted on above (or by the evaluator that moved the marker first).
  for (const override of overrides) {
    if (Date.parse(override.until) <= now.getTime()) {
      await deps.store.deleteOverride(schedule.name, override.id);
    }
  }
}

function resolveTargets(deps: EvaluateDeps, schedule: StoredSchedule, log: Log): EndpointRef[] {
  const targets: EndpointRef[] = [];
  for (const target of schedule.spec.targets) {
    const resolved = resolveTarget(target, deps.aliases);
    if (resolved) targets.push(resolved);
    else {
      log.error(
        `Schedule '${schedule.name}': alias '${'alias' in target ? target.alias : ''}' is no longer in ENDPOINT_ALIASES; target skipped.`,
      );
    }
  }
  return targets;
}

export function toWindow(override: ScheduleOverride): OverrideWindow {
  return {
    id: override.id,
    targets: override.targets,
    hold: override.hold,
    createdAt: new Date(override.createdDateTime),
    until: new Date(override.until),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
