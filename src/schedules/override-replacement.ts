import { targetKey } from './schedule.js';
import type { ScheduleOverride } from './schedule-store.js';

/**
 * A newer override on an endpoint replaces the older ones on it: whoever made the last decision about an
 * endpoint wins, and two contradictory holds are never both in force. An older override left with none of
 * its endpoints ends now (it then shows as ended, no longer active); one that still holds other endpoints
 * keeps only those. Pure.
 */
export interface OverrideReplacement {
  /** Older overrides as they are to be stored from now on (ended, or narrowed to their other targets). */
  changed: ScheduleOverride[];
}

export function replacedByNewer(
  existing: readonly ScheduleOverride[],
  newer: ScheduleOverride,
  now: Date,
): OverrideReplacement {
  const taken = new Set(newer.targets.map(targetKey));
  const changed: ScheduleOverride[] = [];
  for (const older of existing) {
    if (older.id === newer.id || Date.parse(older.until) <= now.getTime()) continue;
    const kept = older.targets.filter((target) => !taken.has(targetKey(target)));
    if (kept.length === older.targets.length) continue;
    changed.push(kept.length === 0 ? { ...older, until: now.toISOString() } : { ...older, targets: kept });
  }
  return { changed };
}
