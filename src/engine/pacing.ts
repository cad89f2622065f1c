import { AiServiceError } from '../clients/errors.js';
import { beginPacedStep } from '../clients/paced-resource.js';
import type { CallPriority } from '../clients/request-budget.js';
import type { AiResource } from '../clients/types.js';
import type { Clock } from '../shared/clock.js';

/** Why a step did not run now. */
export type WaitReason = 'budget' | 'held-back' | 'throttled';

export type Paced<T> = { ran: true; value: T } | { ran: false; notBefore: Date; reason: WaitReason };

/**
 * Runs one step that calls `resource` (a start, a status look) if the resource's budget lets it go now;
 * otherwise says when it may, and the caller puts the work back for then (the executor reschedules its
 * message, the poller postpones the look), never waiting here. A 429 the step received is a "not now" as
 * well: it has held back the whole resource, and the step's new time comes after the hold.
 *
 * `priority`: a step that starts something is a `start`; one that only reads is a `check`, and yields.
 */
export async function runPaced<T>(
  resource: AiResource,
  priority: CallPriority,
  clock: Clock,
  step: (resource: AiResource) => Promise<T>,
): Promise<Paced<T>> {
  const now = () => clock.now();
  const paced = beginPacedStep(resource, priority, now);
  if (!paced.admitted) return { ran: false, notBefore: paced.notBefore, reason: paced.reason };
  try {
    return { ran: true, value: await step(paced.resource) };
  } catch (error) {
    if (!(error instanceof AiServiceError && error.statusCode === 429)) throw error;
    return {
      ran: false,
      notBefore: new Date(resource.budget.nextTurnMs(priority, now().getTime())),
      reason: 'throttled',
    };
  } finally {
    paced.end();
  }
}
