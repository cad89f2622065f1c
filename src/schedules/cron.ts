import { Cron } from 'croner';
import { instantOfWallTime, wallDate, wallTimeAt } from './time-zone.js';

/**
 * Cron expressions in a schedule's local time: 5 fields (`min hour dom month dow`) or 6 with seconds first,
 * as in NCRONTAB. Parsing and field matching are croner's; time zones are ours.
 *
 * Why not croner's own `timezone` option: checked against Europe/Berlin in 2025, croner fires a local time
 * that does not exist (02:30 on 30 March) at 03:30 CEST, shifted by the gap, rather than at the first valid
 * instant after it (03:00 CEST); and a local time that happens twice (02:30 on 26 October) at its *second*
 * occurrence (01:30 UTC), so an hourly job skips 02:00 CEST entirely. So croner runs on a wall-clock
 * timeline (offset 0, no DST: every local date and time exists exactly once) and `instantOfWallTime` maps
 * each local match to a UTC instant with the rules in `time-zone.ts`.
 */

const SECOND_IN_MS = 1000;
/** Larger than any DST or zone-rule shift on record (2 hours), so window scans cannot miss a firing. */
const MAX_CLOCK_SHIFT_IN_MS = 3 * 3_600_000;
/** How far ahead a valid expression must fire at least once (29 February needs up to 8 years). */
const MUST_FIRE_WITHIN_YEARS = 9;

export class InvalidCronExpressionError extends Error {
  override readonly name = 'InvalidCronExpressionError';
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`'${expression.slice(0, 100)}' is not a valid cron expression: ${reason}`);
  }
}

/** A parsed expression, matched against local wall-clock time. */
export interface LocalCron {
  readonly expression: string;
  /** The first matching wall time strictly after `afterWallInMs`, or undefined if there is none. */
  nextWallTime(afterWallInMs: number): number | undefined;
}

/** Parsed expressions by text: schedules are re-read every minute and hold only a few expressions. */
const parsedCache = new Map<string, LocalCron>();
const PARSED_CACHE_LIMIT = 1000;

/** Parses a 5- or 6-field expression; throws `InvalidCronExpressionError` saying what is wrong. */
export function parseLocalCron(expression: string): LocalCron {
  const cached = parsedCache.get(expression);
  if (cached) return cached;
  const parsed = parseUncached(expression);
  if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
  parsedCache.set(expression, parsed);
  return parsed;
}

function parseUncached(expression: string): LocalCron {
  const normalized = expression.trim().replace(/\s+/g, ' ');
  const fields = normalized.split(' ');
  if (fields.length !== 5 && fields.length !== 6) {
    throw new InvalidCronExpressionError(
      expression,
      `expected 5 fields (minute hour day month weekday) or 6 (with seconds first), got ${fields.length}.`,
    );
  }
  // croner replaces '?' with the current time at parse time, which would make a schedule depend on when
  // it was read; nicknames like @daily are not cron fields.
  if (!/^[0-9A-Za-z*,/#\- ]+$/.test(normalized)) {
    throw new InvalidCronExpressionError(
      expression,
      "only digits, names (MON, JAN), L, W, '#', '*', ',', '-' and '/' are allowed.",
    );
  }
  let cron: Cron;
  try {
    cron = new Cron(normalized, { utcOffset: 0 });
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^CronPattern: /, '') : 'it does not parse.';
    throw new InvalidCronExpressionError(expression, reason);
  }
  const nextWallTime = (afterWallInMs: number): number | undefined => {
    // croner's next run is the first match at or after the next whole second, so "strictly after" holds.
    const next = cron.nextRun(new Date(afterWallInMs));
    return next ? next.getTime() : undefined;
  };
  const probeStart = Date.UTC(2024, 0, 1);
  const first = nextWallTime(probeStart);
  if (first === undefined || first > Date.UTC(2024 + MUST_FIRE_WITHIN_YEARS, 0, 1)) {
    throw new InvalidCronExpressionError(expression, 'it never fires (no such date).');
  }
  return { expression: normalized, nextWallTime };
}

/** One firing of an expression: the local wall time it was meant for and the UTC instant it happens at. */
export interface CronFiring {
  instantInMs: number;
  wallInMs: number;
  /** The local date the firing belongs to (`YYYY-MM-DD`), which is what exceptions refer to. */
  localDate: string;
}

/**
 * Whether a (valid) expression can fire more than once in a minute: only a 6-field one whose seconds field
 * names more than one second. Schedules are refused such expressions; a 5-field one fires at second 0.
 */
export function firesMoreThanOncePerMinute(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return fields.length === 6 && !/^\d{1,2}$/.test(fields[0] ?? '');
}

/**
 * The firings of `cron` in `timeZone` whose instants fall in `(fromExclusiveInMs, toInclusiveInMs]`,
 * ascending, each instant once (several non-existent local times can map to the same instant).
 *
 * `skipFrom(localDate)` lets a caller jump over dates it does not want: given a firing's local date, it
 * returns the last local date of the run of unwanted dates containing it (the firing is then not
 * yielded and the scan resumes the day after), or `undefined` to keep the firing. A run of excluded dates
 * costs one step, however many firings it holds.
 */
export function* firingsBetween(
  cron: LocalCron,
  timeZone: string,
  fromExclusiveInMs: number,
  toInclusiveInMs: number,
  skipFrom?: (localDate: string) => string | undefined,
): Generator<CronFiring> {
  // The wall-to-instant mapping never goes backwards and no zone shifts its clocks by more than a few
  // hours at once, so scanning wall times from a margin before the window's start is complete.
  const fromWall = wallTimeAt(fromExclusiveInMs, timeZone) - MAX_CLOCK_SHIFT_IN_MS;
  let wall = cron.nextWallTime(fromWall - SECOND_IN_MS);
  let previousInstant = Number.NEGATIVE_INFINITY;
  while (wall !== undefined) {
    const localDate = wallDate(wall);
    const lastSkipped = skipFrom?.(localDate);
    if (lastSkipped !== undefined) {
      // The last second of the last skipped date: the next firing is on a later date.
      wall = cron.nextWallTime(Date.parse(`${lastSkipped}T23:59:59Z`));
      continue;
    }
    const instant = instantOfWallTime(wall, timeZone);
    if (instant > toInclusiveInMs) return;
    if (instant > fromExclusiveInMs && instant !== previousInstant) {
      yield { instantInMs: instant, wallInMs: wall, localDate };
      previousInstant = instant;
    }
    wall = cron.nextWallTime(wall);
  }
}

/**
 * The latest firing whose instant is at or before `atInMs` and whose wall time is after
 * `afterWallInMs`, or undefined. Found by bisection on "the next firing after x is still in time",
 * which holds up to some x and fails after it (both the next firing and its instant only grow with x):
 * about 40 look-ups for any range, however densely the expression fires.
 */
export function latestFiringAtOrBefore(
  cron: LocalCron,
  timeZone: string,
  atInMs: number,
  afterWallInMs: number,
): CronFiring | undefined {
  const upperWall = wallTimeAt(atInMs, timeZone) + MAX_CLOCK_SHIFT_IN_MS;
  const inTime = (wall: number | undefined): wall is number =>
    wall !== undefined && wall <= upperWall && instantOfWallTime(wall, timeZone) <= atInMs;
  let low = Math.floor(afterWallInMs / SECOND_IN_MS);
  if (!inTime(cron.nextWallTime(low * SECOND_IN_MS))) return undefined;
  let high = Math.ceil(upperWall / SECOND_IN_MS);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (inTime(cron.nextWallTime(middle * SECOND_IN_MS))) low = middle;
    else high = middle;
  }
  const wall = cron.nextWallTime(low * SECOND_IN_MS)!;
  return { instantInMs: instantOfWallTime(wall, timeZone), wallInMs: wall, localDate: wallDate(wall) };
}
