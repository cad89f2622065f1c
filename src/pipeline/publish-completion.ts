import { markEventPublished, needsEvent } from '../domain/lifecycle.js';
import { toOperationEvent } from '../domain/operation-event-factory.js';
import type { Clock } from '../shared/clock.js';
import { ConcurrencyConflictError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';
import { recordOperationCompleted } from '../telemetry/metrics.js';
import type { EventPublisher, Log } from './ports.js';

export interface PublishedCompletion {
  stored: StoredOperation;
  /** False when another run marked the event published first: its publish was the one that counted. */
  markedByThisRun: boolean;
}

/**
 * Publishes the completion event of a terminal record, then marks it published. The event id is
 * deterministic, so publishing again after a crash (or from a second poller) is dropped by duplicate
 * detection instead of reaching subscribers twice.
 */
export async function publishCompletion(
  deps: { operations: OperationStore; events: EventPublisher; clock: Clock },
  stored: StoredOperation,
  log: Log,
): Promise<PublishedCompletion> {
  if (!needsEvent(stored.record)) return { stored, markedByThisRun: false };
  const event = toOperationEvent(stored.record);
  await deps.events.publish(event);
  log.log(`Operation ${stored.record.id}: ${event.type} published (event ${event.id}).`);
  try {
    const marked = await deps.operations.update(
      markEventPublished(stored.record, deps.clock.now()),
      stored.etag,
    );
    // Only one run can win this conditional write, so each operation is counted once.
    recordOperationCompleted(stored.record);
    return { stored: marked, markedByThisRun: true };
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
    return { stored: (await deps.operations.get(stored.record.id)) ?? stored, markedByThisRun: false };
  }
}
