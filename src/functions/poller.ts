import type { GetServices } from '../composition/app-services.js';
import { pollOperations } from '../engine/poller.js';
import type { TimerFunctionDefinition } from './definition.js';

/** Timer: moves pending operations on and publishes completion events. */
export function pollerFunction(getServices: GetServices): TimerFunctionDefinition {
  return {
    kind: 'timer',
    name: 'pollOperations',
    scheduleSetting: 'POLLER_SCHEDULE',
    defaultSchedule: '*/10 * * * * *',
    handler: async (_timer, context) => {
      const services = await getServices();
      const report = await pollOperations(
        {
          ...services,
          batchSize: services.settings.pollerBatchSize,
          concurrency: services.settings.pollerConcurrency,
          sweepGraceInMs: services.settings.sweepGraceInMs / services.settings.pollingTimeScale,
        },
        context,
      );
      if (report.due > 0) {
        context.log(
          `Poller: ${report.due} due, ${report.checked} checked, ${report.completed} completed, ${report.resent} re-sent, ${report.deferred} deferred, ${report.conflicts} conflicts.`,
        );
      }
    },
  };
}

/** Timer: deletes finished operations older than the retention period. */
export function retentionFunction(getServices: GetServices): TimerFunctionDefinition {
  return {
    kind: 'timer',
    name: 'purgeOperations',
    scheduleSetting: 'RETENTION_SCHEDULE',
    defaultSchedule: '0 17 3 * * *',
    handler: async (_timer, context) => {
      const services = await getServices();
      const cutoff = new Date(services.clock.now().getTime() - services.settings.retentionInMs);
      const purged = await services.operations.purgeFinishedBefore(cutoff);
      context.log(`Retention: ${purged} finished operations older than ${cutoff.toISOString()} deleted.`);
    },
  };
}
