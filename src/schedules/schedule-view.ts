import type { ScheduleSpec } from './schedule.js';
import type { ScheduleOverride, StoredSchedule } from './schedule-store.js';
import { desiredActionAt, nextTransition, type ScheduleAction } from './transitions.js';
import { formatLocal } from './time-zone.js';

/** An instant shown both ways: `utc` as `...Z`, `local` with the zone's offset in force then. */
export interface InstantView {
  utc: string;
  local: string;
}

/** The schedule resource as `GET /api/schedules/{name}` shows it. */
export interface ScheduleResource extends ScheduleSpec {
  name: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** The next instants (exception dates skipped); null when disabled or when none comes within a year. */
  next: { suspend: InstantView | null; resume: InstantView | null };
  /** What the schedule wants right now, ignoring overrides; null before its first transition. */
  desiredState: 'running' | 'suspended' | null;
}

export function instantView(instant: Date, timeZone: string): InstantView {
  return { utc: instant.toISOString(), local: formatLocal(instant.getTime(), timeZone) };
}

export function toScheduleResource(stored: StoredSchedule, now: Date): ScheduleResource {
  const { spec } = stored;
  const next = (action: ScheduleAction): InstantView | null => {
    if (!spec.enabled) return null;
    const transition = nextTransition(spec, action, now);
    return transition ? instantView(transition.instant, spec.timeZone) : null;
  };
  const desired = desiredActionAt(spec, now);
  return {
    name: stored.name,
    ...spec,
    createdDateTime: stored.createdDateTime,
    lastModifiedDateTime: stored.lastModifiedDateTime,
    next: { suspend: next('suspend'), resume: next('resume') },
    desiredState: desired === undefined ? null : desired === 'suspend' ? 'suspended' : 'running',
  };
}

/** An override as the API shows it, with `until` also in the schedule's local time. */
export function toOverrideResource(override: ScheduleOverride, timeZone: string) {
  return {
    id: override.id,
    targets: override.targets,
    hold: override.hold,
    createdDateTime: override.createdDateTime,
    until: override.until,
    untilLocal: formatLocal(Date.parse(override.until), timeZone),
  };
}
