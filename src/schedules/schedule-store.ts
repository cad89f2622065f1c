import type { EndpointRef, ScheduleSpec } from './schedule.js';
import type { HoldState } from './transitions.js';

/** A schedule as stored, with the ETag that guards the next replace. */
export interface StoredSchedule {
  name: string;
  spec: ScheduleSpec;
  createdDateTime: string;
  lastModifiedDateTime: string;
  etag: string;
}

/** A temporary hold on some of a schedule's targets. */
export interface ScheduleOverride {
  id: string;
  /** Resolved endpoints (aliases are resolved when the override is made). */
  targets: EndpointRef[];
  hold: HoldState;
  createdDateTime: string;
  until: string;
}

/** The instant up to which the timer has dealt with a schedule, with the ETag of that row. */
export interface EvaluationMarker {
  lastEvaluatedAt: Date;
  etag: string;
}

export class ScheduleAlreadyExistsError extends Error {
  override readonly name = 'ScheduleAlreadyExistsError';
  constructor(readonly scheduleName: string) {
    super(`A schedule named '${scheduleName}' already exists.`);
  }
}

export class ScheduleChangedError extends Error {
  override readonly name = 'ScheduleChangedError';
  constructor(readonly scheduleName: string) {
    super(`The schedule '${scheduleName}' was changed by another writer.`);
  }
}

/**
 * Persistence of schedules, their overrides and the timer's evaluation marker.
 * Implementation: Table Storage (`table-schedule-store.ts`).
 */
export interface ScheduleStore {
  get(name: string): Promise<StoredSchedule | undefined>;
  list(): Promise<StoredSchedule[]>;
  /**
   * Stores a new schedule with its evaluation marker at `now`, so instants before its creation never fire.
   * Throws `ScheduleAlreadyExistsError`.
   */
  create(name: string, spec: ScheduleSpec, now: Date): Promise<StoredSchedule>;
  /** Replaces the spec if `etag` still matches; throws `ScheduleChangedError` otherwise. Keeps the marker. */
  replace(name: string, spec: ScheduleSpec, etag: string, now: Date): Promise<StoredSchedule>;
  /** Deletes the schedule, its marker and its overrides; false when there was no such schedule. */
  delete(name: string): Promise<boolean>;

  getEvaluationMarker(name: string): Promise<EvaluationMarker | undefined>;
  /** Writes the marker unless one exists (a schedule stored by an interrupted create). */
  initEvaluationMarker(name: string, at: Date): Promise<void>;
  /**
   * Moves the marker to `to` if it is unchanged since it was read with `etag`. False when another
   * evaluator moved it first (its commands carry the same deterministic ids, so nothing is lost).
   */
  advanceEvaluationMarker(name: string, to: Date, etag: string): Promise<boolean>;

  listOverrides(name: string): Promise<ScheduleOverride[]>;
  addOverride(name: string, override: ScheduleOverride): Promise<void>;
  /** False when there was no such override. */
  deleteOverride(name: string, overrideId: string): Promise<boolean>;
}
