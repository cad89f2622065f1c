/**
 * Wall-clock time in an IANA time zone, from Node's built-in `Intl` data (full ICU). The Functions host's
 * `WEBSITE_TIME_ZONE` does not work on Linux Consumption or Flex Consumption, so schedules are evaluated
 * here against UTC instants.
 *
 * A "wall time" is a local date and time with no offset, carried as the epoch milliseconds it would have
 * if it were UTC (`Date.UTC(y, m, d, h, min, s)`). That makes local calendar arithmetic plain arithmetic.
 */

const SECOND_IN_MS = 1000;
const DAY_IN_MS = 86_400_000;

/** Formatters by zone name; bounded, since names arrive in requests in any spelling. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const FORMATTER_CACHE_LIMIT = 500;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= FORMATTER_CACHE_LIMIT) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The canonical spelling of an IANA time zone (`europe/berlin` -> `Europe/Berlin`), or undefined if unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  // Offsets like "+01:00" are accepted by Intl but are not zones with rules; schedules need the rules.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    return formatterFor(name).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall time shown in `timeZone` at `instantInMs`, to the second. */
export function wallTimeAt(instantInMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantInMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return wall + (instantInMs - Math.floor(instantInMs / SECOND_IN_MS) * SECOND_IN_MS);
}

/** UTC offset of `timeZone` at an instant, in ms (CEST: +7_200_000). */
export function offsetAt(instantInMs: number, timeZone: string): number {
  return wallTimeAt(instantInMs, timeZone) - instantInMs;
}

/**
 * The instant a wall time stands for, with the two DST cases decided the way a schedule needs them:
 * - a wall time that happens twice (fall-back) is the earlier of the two, so it fires once;
 * - a wall time that does not exist (spring-forward gap) is the first valid instant after it, which is
 *   the moment the clocks jump (02:30 on the Berlin spring-forward day is 03:00 CEST = 01:00 UTC).
 */
export function instantOfWallTime(wallInMs: number, timeZone: string): number {
  // Time zones change offset at most once within a day around any given wall time, so the offsets a day
  // before and a day after are the only candidates.
  const offsetBefore = offsetAt(wallInMs - DAY_IN_MS, timeZone);
  const offsetAfter = offsetAt(wallInMs + DAY_IN_MS, timeZone);
  const candidates = [wallInMs - offsetBefore, wallInMs - offsetAfter].filter(
    (instant) => wallTimeAt(instant, timeZone) === wallInMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return transitionBetween(
    Math.min(wallInMs - offsetBefore, wallInMs - offsetAfter),
    Math.max(wallInMs - offsetBefore, wallInMs - offsetAfter),
    timeZone,
  );
}

/** The first instant (to the second) in `(lowInMs, highInMs]` whose offset differs from the offset at `lowInMs`. */
function transitionBetween(lowInMs: number, highInMs: number, timeZone: string): number {
  const offsetAtLow = offsetAt(lowInMs, timeZone);
  let low = Math.floor(lowInMs / SECOND_IN_MS);
  let high = Math.ceil(highInMs / SECOND_IN_MS);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * SECOND_IN_MS, timeZone) === offsetAtLow) low = middle;
    else high = middle;
  }
  return high * SECOND_IN_MS;
}

/** `2025-03-31T07:00:00+02:00`: the instant as the zone's clocks show it, with the offset in force. */
export function formatLocal(instantInMs: number, timeZone: string): string {
  const wall = wallTimeAt(instantInMs, timeZone);
  const offsetInMinutes = Math.round((wall - instantInMs) / 60_000);
  const sign = offsetInMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetInMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${new Date(wall).toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** The local calendar date (`YYYY-MM-DD`) of a wall time. */
export function wallDate(wallInMs: number): string {
  return new Date(wallInMs).toISOString().slice(0, 10);
}
