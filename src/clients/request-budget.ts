import { backoffDelayInMs, capDelayInMs } from '../shared/backoff.js';

/**
 * The app's own pace towards one AI resource (`AI_RESOURCES[name].maxRequestsPerSecond`), shared by the
 * executor and the poller of one process. A rule only: time is passed in and nothing here waits. When the
 * answer is "not now", the caller puts its work back on the queue for the time given and its worker is
 * free for other resources (see `src/engine/pacing.ts`).
 *
 * - A token bucket of one second's worth of requests (at least one), refilled continuously: the shape of
 *   the services' own limit, so a budget equal to the service's limit does not draw 429s.
 * - Status checks yield to starts: while starts wait for their turn, a check is let through only while
 *   `startReserve` of the bucket is left over for them, and a refused check is given a time after every
 *   start already waiting.
 * - A 429 holds back every call to the resource until its `Retry-After` (exponential backoff when the
 *   service names none), not only the call that got it; the bucket is empty when the hold ends.
 * - Work that is refused gets a time on its priority's timeline, spaced by what a step costs, so that
 *   hundreds of refused steps come back one after another at the budget's pace instead of all at once.
 *
 * Per process: instances of the app on other machines each keep their own budget and hold-back; the
 * service's 429s, which hold back whoever receives them, pace what that leaves over.
 */
export type CallPriority = 'start' | 'check';

export interface RequestBudgetSettings {
  /** The most requests per second to send; absent: no budget (only 429s pace the resource). */
  maxRequestsPerSecond?: number;
  /** Share of the bucket that only starts may use while starts wait (default 0.25). */
  startReserve?: number;
}

export type Admission =
  | {
      admitted: true;
      /** Requests charged up front for this step (its expected cost); the rest is charged as it is made. */
      prepaid: number;
    }
  | { admitted: false; notBeforeMs: number; reason: 'budget' | 'held-back' };

/** Expected requests of a step before any has been seen: a start reads then starts, a look reads once. */
const FIRST_ESTIMATE: Readonly<Record<CallPriority, number>> = { start: 2, check: 1 };
/** How fast the expected cost of a step follows what steps really cost (weight of the newest step). */
const ESTIMATE_WEIGHT = 0.5;
/** First hold-back when a 429 names no wait; doubles with every 429 in a row, up to a minute. */
const THROTTLE_BASE_DELAY_IN_MS = 1_000;
const THROTTLE_MAX_DELAY_IN_MS = 60_000;
const DEFAULT_START_RESERVE = 0.25;

export class RequestBudget {
  private readonly ratePerMs: number | undefined;
  private readonly capacity: number;
  private readonly startReserve: number;
  private tokens: number;
  private refilledAtMs = 0;
  private heldUntilMs = 0;
  private throttledInARow = 0;
  /** The next free time on each priority's timeline of refused work. */
  private readonly nextSlotMs: Record<CallPriority, number> = { start: 0, check: 0 };
  private readonly expectedCost: Record<CallPriority, number> = { ...FIRST_ESTIMATE };

  constructor(settings: RequestBudgetSettings = {}) {
    const rate = settings.maxRequestsPerSecond;
    this.ratePerMs = rate !== undefined && rate > 0 ? rate / 1000 : undefined;
    this.capacity = Math.max(1, rate ?? 1);
    this.startReserve = Math.min(0.9, Math.max(0, settings.startReserve ?? DEFAULT_START_RESERVE));
    this.tokens = this.capacity;
  }

  /** Whether a request budget is configured (the 429 hold-back applies either way). */
  get limited(): boolean {
    return this.ratePerMs !== undefined;
  }

  /**
   * May a step of `priority` start now? Admitted: its expected cost is charged. Refused: when to come back,
   * a place on the priority's timeline (taking it, so the next refused step is given a later one).
   */
  admit(priority: CallPriority, nowMs: number): Admission {
    const cost = this.costOf(priority);
    if (nowMs < this.heldUntilMs) {
      return {
        admitted: false,
        reason: 'held-back',
        notBeforeMs: this.takeSlot(priority, this.heldUntilMs, cost),
      };
    }
    if (this.ratePerMs === undefined) return { admitted: true, prepaid: 0 };
    this.refill(nowMs);
    // While starts wait for their turn, checks leave them a share of the bucket; otherwise checks may use
    // it all (a start arriving then waits a step's worth at most).
    const startsWaiting = this.nextSlotMs.start > nowMs;
    const floor = priority === 'start' || !startsWaiting ? 0 : this.capacity * this.startReserve;
    // A hair of tolerance: a step given the very time its tokens are back must not miss them by rounding.
    if (this.tokens - cost >= floor - 1e-6) {
      this.tokens -= cost;
      return { admitted: true, prepaid: cost };
    }
    const untilRefilledMs = nowMs + Math.ceil((floor + cost - this.tokens) / this.ratePerMs);
    return { admitted: false, reason: 'budget', notBeforeMs: this.takeSlot(priority, untilRefilledMs, cost) };
  }

  /** A request beyond what its step prepaid (or one made outside any step): charged, never refused. */
  charge(requests: number, nowMs: number): void {
    if (this.ratePerMs === undefined) return;
    this.refill(nowMs);
    this.tokens -= requests;
  }

  /**
   * A step is over: what it prepaid and did not use goes back, and the expected cost of its priority moves
   * towards what it really made (e.g. 3 for a start that first looks for its own earlier operation).
   */
  settle(priority: CallPriority, prepaid: number, made: number, nowMs: number): void {
    if (made > 0) {
      this.expectedCost[priority] += ESTIMATE_WEIGHT * (made - this.expectedCost[priority]);
    }
    if (this.ratePerMs === undefined || made >= prepaid) return;
    this.refill(nowMs);
    this.tokens = Math.min(this.capacity, this.tokens + (prepaid - made));
  }

  /** The service answered 429: every call to the resource waits until `Retry-After` has passed. */
  throttled(nowMs: number, retryAfterInMs: number | undefined, random: () => number = Math.random): void {
    this.throttledInARow += 1;
    const waitInMs =
      retryAfterInMs !== undefined
        ? capDelayInMs(retryAfterInMs)
        : backoffDelayInMs(
            this.throttledInARow - 1,
            THROTTLE_BASE_DELAY_IN_MS,
            THROTTLE_MAX_DELAY_IN_MS,
            random,
          );
    this.heldUntilMs = Math.max(this.heldUntilMs, nowMs + waitInMs);
    // The service's bucket is emptier than ours thought: start again from empty when the hold ends.
    this.tokens = Math.min(this.tokens, 0);
    this.refilledAtMs = Math.max(this.refilledAtMs, this.heldUntilMs);
  }

  /** The service answered something other than 429: the next 429 starts its backoff afresh. */
  answered(): void {
    this.throttledInARow = 0;
  }

  /** When work refused now may come back: its place on the timeline, after any hold-back. */
  nextTurnMs(priority: CallPriority, nowMs: number): number {
    return this.takeSlot(priority, Math.max(nowMs, this.heldUntilMs), this.costOf(priority));
  }

  private costOf(priority: CallPriority): number {
    return Math.min(this.capacity, Math.max(1, Math.round(this.expectedCost[priority])));
  }

  private refill(nowMs: number): void {
    if (this.ratePerMs === undefined || nowMs <= this.refilledAtMs) return;
    this.tokens = Math.min(this.capacity, this.tokens + (nowMs - this.refilledAtMs) * this.ratePerMs);
    this.refilledAtMs = nowMs;
  }

  /** Checks queue behind every start already waiting; starts never wait for checks. */
  private takeSlot(priority: CallPriority, earliestMs: number, cost: number): number {
    const behind =
      priority === 'check' ? Math.max(this.nextSlotMs.check, this.nextSlotMs.start) : this.nextSlotMs.start;
    const slot = Math.max(earliestMs, behind);
    this.nextSlotMs[priority] = slot + (this.ratePerMs === undefined ? 0 : cost / this.ratePerMs);
    return Math.ceil(slot);
  }
}
