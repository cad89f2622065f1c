import type { Command } from '../domain/command.js';
import { deferStart, type LifecycleTimings } from '../domain/lifecycle.js';
import type { CommandQueue, Log } from '../pipeline/ports.js';
import { ConcurrencyConflictError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';

/** Which try of its command a message is, and how often that try has already been put back to wait. */
export interface Delivery {
  /** Which try of the command this message is (1 for the original, then one per rescheduled retry). */
  attempt: number;
  /** How many times this try was put back to wait (a budget, a 429 hold-back, a busy target); 0 at first. */
  waits?: number;
  /** The bus's delivery count of this message (1 on its first delivery); absent means unknown. */
  deliveryCount?: number;
}

export interface RescheduleDeps {
  commands: CommandQueue;
  operations: OperationStore;
  timings: LifecycleTimings;
}

/**
 * Puts a command that may not run yet back on the queue, for delivery at `at`, as the same try: a wait is
 * not a failure, so it uses up none of the command's attempts. The worker is free at once for other work
 * instead of sleeping inside the function.
 *
 * The message id names the try and the wait (`<id>:attempt:<n>:wait:<w>`): if this delivery is itself
 * redelivered (the host died before completing it) the same id is sent again and duplicate detection drops
 * the copy. The record's recovery time is moved past `at` when it would come first, so the poller does not
 * re-send a command that is only waiting.
 */
export async function rescheduleCommand(
  deps: RescheduleDeps,
  stored: StoredOperation,
  command: Command,
  delivery: Delivery,
  at: Date,
  why: string,
  log: Log,
): Promise<void> {
  const waits = (delivery.waits ?? 0) + 1;
  await deps.commands.send(command, {
    notBefore: at,
    messageId: `${command.id}:attempt:${delivery.attempt}:wait:${waits}`,
    attempt: delivery.attempt,
    waits,
  });
  if (recoveryComesFirst(stored, at, deps.timings)) {
    try {
      await deps.operations.update(deferStart(stored.record, at, deps.timings), stored.etag);
    } catch (error) {
      // Another worker moved the record on; its recovery time is its own business.
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
  }
  log.log(`Command ${command.id}: waits until ${at.toISOString()} (${why}).`);
}

/** Whether the poller would re-send the command before (or soon after) the rescheduled delivery. */
function recoveryComesFirst(stored: StoredOperation, at: Date, timings: LifecycleTimings): boolean {
  const recoveryAt = Date.parse(stored.record.nextCheckAt ?? '');
  // Half the recovery delay as a margin: the rescheduled message may itself wait for a free worker.
  return !Number.isFinite(recoveryAt) || recoveryAt < at.getTime() + timings.recoveryDelayInMs / 2;
}
