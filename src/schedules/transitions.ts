import {
  firingsBetween,
  latestFiringAtOrBefore,
  parseLocalCron,
  type CronFiring,
  type LocalCron,
} from './cron.js';
import { targetKey, type EndpointRef, type ScheduleException } from './schedule.js';
import { instantOfWallTime, wallTimeAt } from './time-zone.js';

/**
 * When a schedule suspends and resumes, and what the timer should do about it. Pure: every instant comes
 * in as an argument, nothing is read from a clock or a store.
 *
 * Cost is bounded whatever the expressions and exceptions: the latest transition is found by bisection
 * (`latestFiringAtOrBefore`), a run of exception dates is skipped in one step going forward and in one
 * look-up going back, and a forward listing stops at its limit. Nothing walks firing by firing through
 * a long span.
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
/** How far back a latest transition is looked for: about a year and a half. */
const LOOKBACK_IN_DAYS = 569;
/** How far ahead a next transition is looked for: about a year. */
const LOOKAHEAD_IN_DAYS = 400;
/** Most transitions one forward listing returns, unless the caller asks for fewer. */
const MAX_LISTED_TRANSITIONS = 10_000;
/** Margin for clock shifts when a window in instants is widened to wall times (as in cron.ts). */
const MAX_CLOCK_SHIFT_IN_MS = 3 * 3_600_000;
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
  const skipFrom = (localDate: string) => lastExceptedDateFrom(localDate, rules.exceptions);
  for (const firing of firingsBetween(cron, rules.timeZone, fromExclusiveInMs, toInclusiveInMs, skipFrom)) {
    yield toTransition(action, firing);
  }
}

function toTransition(action: ScheduleAction, firing: CronFiring): Transition {
  return { action, instant: new Date(firing.instantInMs), localDate: firing.localDate };
}

/** The last date of the run of excepted dates that contains `localDate` (ranges may chain), or undefined. */
function lastExceptedDateFrom(
  localDate: string,
  exceptions: readonly ScheduleException[],
): string | undefined {
  let last: string | undefined;
  let probe = localDate;
  for (;;) {
    const end = latestEndCovering(probe, exceptions);
    if (end === undefined) return last;
    last = end;
    probe = nextLocalDate(end);
  }
}

/** The first date of the run of excepted dates that contains `localDate`, or undefined. */
function firstExceptedDateFrom(
  localDate: string,
  exceptions: readonly ScheduleException[],
): string | undefined {
  let first: string | undefined;
  let probe = localDate;
  for (;;) {
    const start = earliestStartCovering(probe, exceptions);
    if (start === undefined) return first;
    first = start;
    probe = previousLocalDate(start);
  }
}

function latestEndCovering(localDate: string, exceptions: readonly ScheduleException[]): string | undefined {
  let end: string | undefined;
  for (const exception of exceptions) {
    const [from, to] =
      typeof exception === 'string' ? [exception, exception] : [exception.from, exception.to];
    if (from <= localDate && localDate <= to && (end === undefined || to > end)) end = to;
  }
  return end;
}

function earliestStartCovering(
  localDate: string,
  exceptions: readonly ScheduleException[],
): string | undefined {
  let start: string | undefined;
  for (const exception of exceptions) {
    const [from, to] =
      typeof exception === 'string' ? [exception, exception] : [exception.from, exception.to];
    if (from <= localDate && localDate <= to && (start === undefined || from < start)) start = from;
  }
  return start;
}

function nextLocalDate(localDate: string): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + DAY_IN_MS).toISOString().slice(0, 10);
}

function previousLocalDate(localDate: string): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) - DAY_IN_MS).toISOString().slice(0, 10);
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
 * out; at most `limit` (the earliest ones; 10 000 unless asked for fewer).
 */
export function transitionsBetween(
  rules: ScheduleRules,
  fromExclusive: Date,
  toInclusive: Date,
  limit = MAX_LISTED_TRANSITIONS,
): Transition[] {
  const from = fromExclusive.getTime();
  const to = toInclusive.getTime();
  const bounded = Math.min(limit, MAX_LISTED_TRANSITIONS);
  if (to <= from) return [];
  const suspends = take(transitionsOf(parseLocalCron(rules.suspendAt), 'suspend', rules, from, to), bounded);
  const resumes = take(transitionsOf(parseLocalCron(rules.resumeAt), 'resume', rules, from, to), bounded);
  return [...suspends, ...resumes].sort(compareTransitions).slice(0, bounded);
}

/**
 * The latest firing of one expression with its instant in `(fromExclusiveInMs, atInMs]` on a date that is
 * not excepted. Each excepted date found sends the search to before the start of its run of exception
 * dates, so this takes at most one bisection per exception entry, plus one.
 */
function latestOf(
  cron: LocalCron,
  action: ScheduleAction,
  rules: ScheduleRules,
  fromExclusiveInMs: number,
  atInMs: number,
): Transition | undefined {
  const afterWall = wallTimeAt(fromExclusiveInMs, rules.timeZone) - MAX_CLOCK_SHIFT_IN_MS;
  let upTo = atInMs;
  for (let attempt = 0; attempt <= rules.exceptions.length; attempt += 1) {
    const firing = latestFiringAtOrBefore(cron, rules.timeZone, upTo, afterWall);
    if (!firing || firing.instantInMs <= fromExclusiveInMs) return undefined;
    const firstExcepted = firstExceptedDateFrom(firing.localDate, rules.exceptions);
    if (firstExcepted === undefined) return toTransition(action, firing);
    // Just before local midnight starting the run of exception dates.
    upTo = instantOfWallTime(Date.parse(`${firstExcepted}T00:00:00Z`), rules.timeZone) - 1;
  }
  return undefined;
}

/** The latest transition with its instant in `(fromExclusive, atInclusive]`, exception dates left out. */
export function latestTransitionBetween(
  rules: ScheduleRules,
  fromExclusive: Date,
  atInclusive: Date,
): Transition | undefined {
  const from = fromExclusive.getTime();
  const at = atInclusive.getTime();
  if (at <= from) return undefined;
  const found = [
    latestOf(parseLocalCron(rules.suspendAt), 'suspend', rules, from, at),
    latestOf(parseLocalCron(rules.resumeAt), 'resume', rules, from, at),
  ].filter((t): t is Transition => t !== undefined);
  return found.sort(compareTransitions).at(-1);
}

/** The last transition at or before `at`, looking back up to about a year and a half. */
export function latestTransitionAtOrBefore(rules: ScheduleRules, at: Date): Transition | undefined {
  return latestTransitionBetween(rules, new Date(at.getTime() - LOOKBACK_IN_DAYS * DAY_IN_MS), at);
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
  const horizon = after.getTime() + LOOKAHEAD_IN_DAYS * DAY_IN_MS;
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

  const restores = overrideEnds(input, actFrom, now);
  // Targets with no override in force share one answer: the search is done once, not once per target.
  const latestDue = memoizeByNumber((upToInMs: number) =>
    latestTransitionBetween(input.rules, new Date(actFrom), new Date(upToInMs)),
  );

  const commands: PlannedCommand[] = [];
  for (const target of input.targets) {
    const key = targetKey(target);
    const due = latestUnheld(input.overrides, key, now, latestDue);
    const events = [
      ...(due ? [{ ...due, cause: 'schedule' as const }] : []),
      ...(restores.get(key) ?? []),
    ].filter((event) => !isHeld(input.overrides, key, event.instant));
    const latest = events.sort(compareTransitions).at(-1);
    if (latest) {
      commands.push({ target, action: latest.action, instant: latest.instant, cause: latest.cause });
    }
  }

  const { skipped, moreSkipped } = skippedInstants(input, from, graceStart);
  return { commands, skipped, moreSkipped };
}

/**
 * The latest due transition at or before `upToInMs` that no override holds for this target: each held one
 * sends the search to just before the start of the override holding it, so at most one search per override.
 */
function latestUnheld(
  overrides: readonly OverrideWindow[],
  key: string,
  upToInMs: number,
  latestDue: (upToInMs: number) => Transition | undefined,
): Transition | undefined {
  let upTo = upToInMs;
  for (let attempt = 0; attempt <= overrides.length; attempt += 1) {
    const transition = latestDue(upTo);
    if (!transition) return undefined;
    const at = transition.instant.getTime();
    const holding = overrides.find(
      (override) =>
        override.createdAt.getTime() <= at &&
        at < override.until.getTime() &&
        override.targets.some((target) => targetKey(target) === key),
    );
    if (!holding) return transition;
    upTo = holding.createdAt.getTime() - 1;
  }
  return undefined;
}

function memoizeByNumber<T>(compute: (value: number) => T): (value: number) => T {
  const cache = new Map<number, T>();
  return (value) => {
    if (!cache.has(value)) cache.set(value, compute(value));
    return cache.get(value) as T;
  };
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
