import { Cron } from 'croner';
import type { Timer } from '@azure/functions';
import type { TimerFunctionDefinition } from '../functions/definition.js';
import { createInvocationContext, type HostLog } from './invocation.js';

export interface TimerHost {
  /** Runs a timer function once now, as if its schedule fired (used by tests and `npm start` at boot). */
  trigger(name: string): Promise<void>;
  stop(): void;
}

/**
 * Runs each timer definition on its NCRONTAB schedule in UTC, like the Functions host on Linux. `protect`
 * skips a tick while the previous run is still going, as the host's singleton lock does.
 */
export function startTimerHost(
  definitions: Array<TimerFunctionDefinition & { schedule: string }>,
  log: HostLog,
): TimerHost {
  const last = new Map<string, Date>();
  const run = async (definition: TimerFunctionDefinition, job?: Cron): Promise<void> => {
    const now = new Date();
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: (last.get(definition.name) ?? now).toISOString(),
        next: (job?.nextRun() ?? now).toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    last.set(definition.name, now);
    try {
      await definition.handler(timer, createInvocationContext(definition.name, log));
    } catch (error) {
      log(`[${definition.name}] error: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const jobs = definitions.map(
    (definition) =>
      new Cron(definition.schedule, { timezone: 'UTC', protect: true, unref: true }, (job: Cron) =>
        run(definition, job),
      ),
  );
  return {
    trigger: async (name) => {
      const definition = definitions.find((d) => d.name === name);
      if (!definition) throw new Error(`No timer function named '${name}'.`);
      await run(definition);
    },
    stop: () => jobs.forEach((job) => job.stop()),
  };
}
