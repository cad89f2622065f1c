import type { SubmitCommandInput } from '../pipeline/ports.js';
import { deterministicId } from '../shared/ids.js';
import type { EndpointRef } from './schedule.js';
import type { ScheduleAction } from './transitions.js';

/** A schedule's command for one target at one instant, as `SubmitCommand` takes it. */
export interface ScheduleCommandInput extends SubmitCommandInput {
  id: string;
  action: ScheduleAction;
}

/**
 * The id is derived from (schedule, target, action, instant), so a timer that fires twice, two instances
 * evaluating the same minute, or a restart that re-reads an old marker all produce the same id, and
 * `SubmitCommand` records and enqueues it once.
 */
export function scheduleCommandId(
  scheduleName: string,
  target: EndpointRef,
  action: ScheduleAction,
  instant: Date,
): string {
  return deterministicId(
    'schedule',
    scheduleName,
    target.resource,
    target.endpointId.toLowerCase(),
    action,
    instant.toISOString(),
  );
}

export function scheduleCommand(
  scheduleName: string,
  target: EndpointRef,
  action: ScheduleAction,
  instant: Date,
): ScheduleCommandInput {
  return {
    id: scheduleCommandId(scheduleName, target, action, instant),
    action,
    target: { kind: 'customvoice-endpoint', resource: target.resource, endpointId: target.endpointId },
    requestedBy: { source: 'schedule', principal: scheduleName },
  };
}
