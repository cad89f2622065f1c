import { Cron } from 'croner';
import type { Timer } from '@azure/functions';
import type { TimerFunctionDefinition } from '../functions/definition.js';
import { createInvocationContext, type HostLog } from './invocation.js';

export interface TimerHost {
  /** Runs a timer function now, as if its schedule fired; waits for a run already under way first. */
  trigger(name: string): Promise<void>;
  /** Stops the schedules and waits for runs under way, so nothing runs on a closed bus or store. */
  stop(): Promise<void>;
}

/**
 * Runs each timer definition on its NCRONTAB schedule in UTC, like the Functions host on Linux. A tick
 * that comes while the previous run of the same function is still going is skipped, as the host's
 * singleton lock does.
 */
export function startTimerHost(
  definitions: Array<TimerFunctionDefinition & { schedule: string }>,
  log: HostLog,
): TimerHost {
  const last = new Map<string, Date>();
  const running = new Map<string, Promise<void>>();

  const invoke = async (definition: TimerFunctionDefinition, next: Date | null): Promise<void> => {
    const now = new Date();
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: (last.get(definition.name) ?? now).toISOString(),
        next: (next ?? now).toISOString(),
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

  /** One run at a time per function; `skipIfBusy` is the schedule's choice, a manual trigger waits. */
  const run = async (definition: TimerFunctionDefinition, next: Date | null, skipIfBusy: boolean) => {
    const busy = running.get(definition.name);
    if (busy) {
      if (skipIfBusy) return;
      await busy;
    }
    const current = invoke(definition, next).finally(() => running.delete(definition.name));
    running.set(definition.name, current);
    await current;
  };

  const jobs = definitions.map(
    (definition) =>
      new Cron(definition.schedule, { timezone: 'UTC', unref: true }, (job: Cron) =>
        run(definition, job.nextRun(), true),
      ),
  );
  return {
    trigger: async (name) => {
      const definition = definitions.find((d) => d.name === name);
      if (!definition) throw new Error(`No timer function named '${name}'.`);
      await run(definition, null, false);
    },
    stop: async () => {
      jobs.forEach((job) => job.stop());
      await Promise.all(running.values());
    },
  };
}
