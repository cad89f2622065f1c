import type { EndpointAliases } from '../config/aliases.js';
import { readPositiveInt, type Env } from '../config/env.js';
import type { SubmitCommand } from '../pipeline/ports.js';
import type { Clock } from '../shared/clock.js';
import type { OperationStore } from '../storage/operation-store.js';
import type { ScheduleStore } from './schedule-store.js';

/** Everything the schedule functions need; built once per process by the composition root. */
export interface ScheduleDeps {
  store: ScheduleStore;
  submit: SubmitCommand;
  /** For the savings report (operation history). */
  operations: Pick<OperationStore, 'list'>;
  clock: Clock;
  aliases: EndpointAliases;
  /** Whether an AI resource of this name is configured (targets are checked on PUT). */
  isKnownResource(name: string): boolean;
  /** True while `ENDPOINT_ALIASES` is malformed: targets named by alias are refused with a 503. */
  aliasesUnavailable?: boolean;
  /** Missed instants younger than this are acted on after downtime; older ones are skipped and logged. */
  catchUpGraceInMs: number;
}

export interface ScheduleSettings {
  catchUpGraceInMs: number;
}

/** Reads `SCHEDULE_CATCHUP_GRACE_MINUTES` (default 180). `SCHEDULE_TIMER` is read by the hosts. */
export function readScheduleSettings(env: Env): ScheduleSettings {
  return { catchUpGraceInMs: readPositiveInt(env, 'SCHEDULE_CATCHUP_GRACE_MINUTES', 180) * 60_000 };
}

/** The parts of the app's services the schedules use (`AppServices` fits). */
export interface ScheduleServiceParts {
  submit: SubmitCommand;
  operations: Pick<OperationStore, 'list'>;
  clock: Clock;
  aliases: EndpointAliases;
  ai: { names(): string[] };
  aliasesUnavailable?: boolean;
}

/**
 * Wires `ScheduleDeps` from the app's services and a schedule store, e.g.
 * `createScheduleDeps(services, createTableScheduleStore(tables.table(TABLES.schedules)), readScheduleSettings(env))`.
 */
export function createScheduleDeps(
  services: ScheduleServiceParts,
  store: ScheduleStore,
  settings: ScheduleSettings,
): ScheduleDeps {
  return {
    store,
    submit: services.submit,
    operations: services.operations,
    clock: services.clock,
    aliases: services.aliases,
    isKnownResource: (name) => services.ai.names().includes(name),
    aliasesUnavailable: services.aliasesUnavailable ?? false,
    catchUpGraceInMs: settings.catchUpGraceInMs,
  };
}
