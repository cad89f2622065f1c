import { firingsBetween, parseLocalCron, type LocalCron } from './cron.js';
import { isExceptedDate, targetKey, type EndpointRef, type ScheduleException } from './schedule.js';

/**
 * When a schedule suspends and resumes, and what the timer should do about it. Pure: every instant comes
 * in as an argument, nothing is read from a clock or a store.
 */

export type ScheduleAction = 'suspend' | 'resume';
export type HoldState = 'running' | 'suspended';

/** The command that puts an endpoint in a held state. */
export const ACTION_FOR_HOLD = { running: 'resume', suspended: 'suspend' } as const satisfies Record<
  HoldState,
  ScheduleAction
>;

/** The parts of a schedule that decide its instants. */
export interface ScheduleRules {
  timeZone: string;
  suspendAt: string;
  resumeAt: string;
  exceptions: readonly ScheduleException[];
}

export interface Transition {
  action: ScheduleAction;
  instant: Date;
  /** The local date the firing belongs to. */
  localDate: string;
}

/** A hold on some targets from `createdAt` (inclusive) to `until` (exclusive). */
export interface OverrideWindow {
  id: string;
  targets: readonly EndpointRef[];
  hold: HoldState;
  createdAt: Date;
  until: Date;
}

const DAY_IN_MS = 86_400_000;
/** How far back (or ahead) to look for a transition: growing spans keep dense expressions cheap. */
const SEARCH_SPANS_IN_DAYS = [1, 8, 32, 128, 400] as const;
/** Most skipped instants listed in a plan; the rest are only counted as "more". */
const MAX_SKIPPED_LISTED = 50;

/**
 * Orders transitions by instant; when a suspend and a resume fall on the same instant the suspend counts
 * as the later one (the cheaper state wins).
 */
export function compareTransitions(a: Transition, b: Transition): number {
  return a.instant.getTime() - b.instant.getTime() || actionRank(a.action) - actionRank(b.action);
}

function actionRank(action: ScheduleAction): number {
  return action === 'suspend' ? 1 : 0;
}

function* transitionsOf(
  cron: LocalCron,
  action: ScheduleAction,
  rules: ScheduleRules,
  fromExclusiveInMs: number,
  toInclusiveInMs: number,
): Generator<Transition> {
  for (const firing of firingsBetween(cron, rules.timeZone, fromExclusiveInMs, toInclusiveInMs)) {
    if (isExceptedDate(firing.localDate, rules.exceptions)) continue;
    yield { action, instant: new Date(firing.instantInMs), localDate: firing.localDate };
  }
}

function take<T>(items: Iterable<T>, limit: number): T[] {
  const taken: T[] = [];
  if (limit <= 0) return taken;
  for (const item of items) {
    taken.push(item);
    if (taken.length >= limit) break;
  }
  return taken;
}

/**
 * The schedule's transitions with instants in `(fromExclusive, toInclusive]`, in order, exception dates left
 * out; at most `limit` (the earliest ones).
 */
export function transitionsBetween(
  rules: ScheduleRules,
  fromExclusive: Date,
  toInclusive: Date,
  limit = Number.POSITIVE_INFINITY,
): Transition[] {
  const from = fromExclusive.getTime();
  const to = toInclusive.getTime();
  if (to <= from) return [];
  const suspends = take(transitionsOf(parseLocalCron(rules.suspendAt), 'suspend', rules, from, to), limit);
  const resumes = take(transitionsOf(parseLocalCron(rules.resumeAt), 'resume', rules, from, to), limit);
  return [...suspends, ...resumes].sort(compareTransitions).slice(0, limit);
}

/** The last transition at or before `at`, looking back up to about a year. */
export function latestTransitionAtOrBefore(rules: ScheduleRules, at: Date): Transition | undefined {
  let spanEnd = at.getTime();
  for (const spanInDays of SEARCH_SPANS_IN_DAYS) {
    const spanStart = at.getTime() - spanInDays * DAY_IN_MS;
    const found = transitionsBetween(rules, new Date(spanStart), new Date(spanEnd));
    const latest = found[found.length - 1];
    if (latest) return latest;
    spanEnd = spanStart;
  }
  return undefined;
}

/** What the schedule wants at `at`: the action of its latest transition, undefined if it has none yet. */
export function desiredActionAt(rules: ScheduleRules, at: Date): ScheduleAction | undefined {
  return latestTransitionAtOrBefore(rules, at)?.action;
}

/** The next `action` strictly after `after`, skipping exception dates, looking ahead up to about a year. */
export function nextTransition(
  rules: ScheduleRules,
  action: ScheduleAction,
  after: Date,
): Transition | undefined {
  const cron = parseLocalCron(action === 'suspend' ? rules.suspendAt : rules.resumeAt);
  const horizon = after.getTime() + SEARCH_SPANS_IN_DAYS[SEARCH_SPANS_IN_DAYS.length - 1]! * DAY_IN_MS;
  for (const transition of transitionsOf(cron, action, rules, after.getTime(), horizon)) return transition;
  return undefined;
}

export interface EvaluationInput {
  rules: ScheduleRules;
  /** The schedule's targets, resolved to endpoints. */
  targets: readonly EndpointRef[];
  overrides: readonly OverrideWindow[];
  /** The stored last evaluation: instants at or before it were dealt with already. */
  lastEvaluatedAt: Date;
  now: Date;
  /** Missed instants older than this are skipped (and reported), not acted on. */
  catchUpGraceInMs: number;
}

export type CommandCause = 'schedule' | 'override-ended';

export interface PlannedCommand {
  target: EndpointRef;
  action: ScheduleAction;
  /** The schedule instant the command belongs to; part of its deterministic id. */
  instant: Date;
  cause: CommandCause;
}

export interface SkippedInstant {
  action: ScheduleAction;
  instant: Date;
  cause: CommandCause;
}

export interface EvaluationPlan {
  commands: PlannedCommand[];
  /** Instants in the window but older than the grace period, earliest first (at most 50 listed). */
  skipped: SkippedInstant[];
  /** True when more instants were skipped than `skipped` lists. */
  moreSkipped: boolean;
}

interface TargetEvent extends Transition {
  cause: CommandCause;
}

/**
 * Decides the commands for one evaluation of a schedule over `(lastEvaluatedAt, now]`:
 * - instants older than `now - catchUpGraceInMs` are skipped and listed;
 * - a target under an active override (`createdAt <= instant < until`) ignores the schedule;
 * - when an override ends, its targets get the schedule's state for that moment, if it differs from the hold;
 * - per target only the latest due event counts, so a long outage does not replay suspend, resume, suspend.
 */
export function planEvaluation(input: EvaluationInput): EvaluationPlan {
  const now = input.now.getTime();
  const graceStart = now - input.catchUpGraceInMs;
  const from = input.lastEvaluatedAt.getTime();
  const actFrom = Math.max(from, graceStart);

  const due: TargetEvent[] = transitionsBetween(input.rules, new Date(actFrom), input.now).map((t) => ({
    ...t,
    cause: 'schedule',
  }));
  const restores = overrideEnds(input, actFrom, now);

  const commands: PlannedCommand[] = [];
  for (const target of input.targets) {
    const key = targetKey(target);
    const events = [...due, ...(restores.get(key) ?? [])].filter(
      (event) => !isHeld(input.overrides, key, event.instant),
    );
    const latest = events.sort(compareTransitions).at(-1);
    if (latest) {
      commands.push({ target, action: latest.action, instant: latest.instant, cause: latest.cause });
    }
  }

  const { skipped, moreSkipped } = skippedInstants(input, from, graceStart);
  return { commands, skipped, moreSkipped };
}

/** Per target key, the "back to the schedule" events of overrides ending in `(fromInMs, toInMs]`. */
function overrideEnds(input: EvaluationInput, fromInMs: number, toInMs: number): Map<string, TargetEvent[]> {
  const byTarget = new Map<string, TargetEvent[]>();
  for (const override of input.overrides) {
    const until = override.until.getTime();
    if (until <= fromInMs || until > toInMs) continue;
    const latest = latestTransitionAtOrBefore(input.rules, override.until);
    if (!latest || latest.action === ACTION_FOR_HOLD[override.hold]) continue;
    for (const target of override.targets) {
      const key = targetKey(target);
      const events = byTarget.get(key) ?? [];
      events.push({
        action: latest.action,
        instant: override.until,
        localDate: latest.localDate,
        cause: 'override-ended',
      });
      byTarget.set(key, events);
    }
  }
  return byTarget;
}

/** Whether an override on this target is in force at `instant`. */
export function isHeld(overrides: readonly OverrideWindow[], key: string, instant: Date): boolean {
  const at = instant.getTime();
  return overrides.some(
    (override) =>
      override.createdAt.getTime() <= at &&
      at < override.until.getTime() &&
      override.targets.some((target) => targetKey(target) === key),
  );
}

function skippedInstants(
  input: EvaluationInput,
  fromInMs: number,
  graceStartInMs: number,
): { skipped: SkippedInstant[]; moreSkipped: boolean } {
  if (graceStartInMs <= fromInMs) return { skipped: [], moreSkipped: false };
  const transitions = transitionsBetween(
    input.rules,
    new Date(fromInMs),
    new Date(graceStartInMs),
    MAX_SKIPPED_LISTED + 1,
  ).map((t): SkippedInstant => ({ action: t.action, instant: t.instant, cause: 'schedule' }));
  const endedOverrides = input.overrides.flatMap((o): SkippedInstant[] => {
    if (o.until.getTime() <= fromInMs || o.until.getTime() > graceStartInMs) return [];
    const action = desiredActionAt(input.rules, o.until);
    return action && action !== ACTION_FOR_HOLD[o.hold]
      ? [{ action, instant: o.until, cause: 'override-ended' }]
      : [];
  });
  const all = [...transitions, ...endedOverrides].sort((a, b) => a.instant.getTime() - b.instant.getTime());
  return { skipped: all.slice(0, MAX_SKIPPED_LISTED), moreSkipped: all.length > MAX_SKIPPED_LISTED };
}
