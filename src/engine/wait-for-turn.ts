import type { Command } from '../domain/command.js';
import { deferStart, type LifecycleTimings } from '../domain/lifecycle.js';
import type { CommandQueue, Log } from '../pipeline/ports.js';
import type { Clock } from '../shared/clock.js';
import { ConcurrencyConflictError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';
import { operationToWaitFor, turnWaitInMs } from './target-turn.js';

export interface TurnDeps {
  operations: OperationStore;
  commands: CommandQueue;
  clock: Clock;
  timings: LifecycleTimings;
}

/**
 * Before a command starts anything: if an operation accepted before it on the same target is not over
 * (`target-turn.ts`), the command is sent again for later (the same try: waiting is not a failure, and
 * the queue is not held) and its record's re-send time moved past that. Returns whether it waits.
 */
export async function waitForTurn(
  deps: TurnDeps,
  command: Command,
  stored: StoredOperation,
  attempt: number,
  log: Log,
): Promise<boolean> {
  const targetKey = stored.record.targetKey;
  if (targetKey === undefined) return false;
  const now = deps.clock.now();
  const inFlight = await deps.operations.listInFlightOn(targetKey);
  const blocker = operationToWaitFor(stored.record, inFlight, now, deps.timings.operationTimeoutInMs);
  if (!blocker) return false;
  const notBefore = new Date(
    now.getTime() + turnWaitInMs(blocker, now, deps.timings.statusCheckIntervalInMs),
  );
  await deps.commands.send(command, {
    notBefore,
    // Twins waiting at the same moment send one message (to the second), not one each.
    messageId: `${command.id}:turn:${blocker.id}:${Math.floor(notBefore.getTime() / 1000)}`,
    attempt,
  });
  try {
    await deps.operations.update(deferStart(stored.record, notBefore, deps.timings), stored.etag);
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
  }
  log.log(
    `Command ${command.id}: waits for ${blocker.id} (${blocker.status}) on the same target; looking again at ${notBefore.toISOString()}.`,
  );
  return true;
}
