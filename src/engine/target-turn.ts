import type { InFlightOperation } from '../storage/operation-store.js';

/**
 * One target, one transition at a time. Commands that change the same thing (same `targetKey`, e.g. one
 * custom voice endpoint) run in the order they were accepted: a command waits while an operation accepted
 * before it on that target is not over, then runs against the state that one left. Waiting only for older
 * operations means no two commands can wait for each other. Pure.
 */

export interface TurnTaker {
  id: string;
  createdDateTime: string;
}

/** Accepted earlier: created time, then id, the order of the target index. */
function acceptedBefore(a: TurnTaker, b: TurnTaker): boolean {
  const at = Date.parse(a.createdDateTime);
  const bt = Date.parse(b.createdDateTime);
  return at < bt || (at === bt && a.id < b.id);
}

/**
 * The operation `self` must wait for, or undefined when it is its turn. One past `staleAfterInMs` since it
 * was accepted is not waited for: the poller ends such an operation as Expired, and a crash must not hold
 * a target for ever.
 */
export function operationToWaitFor(
  self: TurnTaker,
  inFlight: readonly InFlightOperation[],
  now: Date,
  staleAfterInMs: number,
): InFlightOperation | undefined {
  return inFlight
    .filter((other) => other.id !== self.id && acceptedBefore(other, self))
    .filter((other) => now.getTime() - Date.parse(other.createdDateTime) <= staleAfterInMs)
    .sort((a, b) => (acceptedBefore(a, b) ? -1 : acceptedBefore(b, a) ? 1 : 0))[0];
}

const MIN_WAIT_IN_MS = 1_000;
const MAX_WAIT_IN_MS = 30_000;

/**
 * When to look again: a Running operation is next looked at (and may end) at its `nextCheckAt`, so just
 * after that; one not yet started may start at any moment, so after the usual check interval. Bounded.
 */
export function turnWaitInMs(blocker: InFlightOperation, now: Date, checkIntervalInMs: number): number {
  const nextCheck = blocker.nextCheckAt === undefined ? Number.NaN : Date.parse(blocker.nextCheckAt);
  const wanted =
    blocker.status === 'Running' && Number.isFinite(nextCheck)
      ? nextCheck - now.getTime() + MIN_WAIT_IN_MS
      : checkIntervalInMs;
  return Math.min(MAX_WAIT_IN_MS, Math.max(MIN_WAIT_IN_MS, wanted));
}
