import { describe, expect, it } from 'vitest';
import { busiestWindow } from '../harness/busiest-window.js';
import { RequestBudget, type CallPriority } from '../../src/clients/request-budget.js';

interface Step {
  priority: CallPriority;
  /** Requests the step really makes once let through. */
  calls: number;
  dueMs: number;
}

/**
 * Plays a crowd of steps against one budget the way the engine uses it: a refused step comes back at the
 * time it was given, an admitted one makes its calls at once (the first ones prepaid, the rest charged).
 * Returns when each request went and how often a step was turned away.
 */
function play(budget: RequestBudget, steps: Step[]) {
  const queue = steps.map((step) => ({ ...step }));
  const requestTimes: number[] = [];
  const finished: Array<{ priority: CallPriority; atMs: number }> = [];
  let refusals = 0;
  while (queue.length > 0) {
    queue.sort((a, b) => a.dueMs - b.dueMs);
    const step = queue.shift()!;
    const admission = budget.admit(step.priority, step.dueMs);
    if (!admission.admitted) {
      refusals += 1;
      expect(admission.notBeforeMs).toBeGreaterThan(step.dueMs);
      queue.push({ ...step, dueMs: admission.notBeforeMs });
      continue;
    }
    for (let call = 1; call <= step.calls; call++) {
      if (call > admission.prepaid) budget.charge(1, step.dueMs);
      requestTimes.push(step.dueMs);
    }
    budget.settle(step.priority, admission.prepaid, step.calls, step.dueMs);
    finished.push({ priority: step.priority, atMs: step.dueMs });
  }
  return { requestTimes: requestTimes.sort((a, b) => a - b), finished, refusals };
}

describe('RequestBudget', () => {
  it('lets 500 starts of one instant through at its rate, one after another, without turning them away twice', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 20 });
    const steps = Array.from({ length: 500 }, () => ({ priority: 'start' as const, calls: 2, dueMs: 0 }));
    const { requestTimes, refusals } = play(budget, steps);

    expect(requestTimes).toHaveLength(1000);
    // Never more than the bucket (one second's worth) plus what refills within the window.
    expect(busiestWindow(requestTimes, 1_000)).toBeLessThanOrEqual(40);
    for (const windowMs of [5_000, 10_000]) {
      expect(busiestWindow(requestTimes, windowMs)).toBeLessThanOrEqual(20 + (20 * windowMs) / 1000);
    }
    // And no slower than the rate allows: 1000 requests at 20/s take about 50 s.
    expect(requestTimes.at(-1)!).toBeLessThan(52_000);
    // Spaced places, not one shared retry time: a refused start is let through when it comes back.
    expect(refusals).toBeLessThan(520);
  });

  it('keeps a share for starts: status checks go after the starts that wait', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 10 });
    const steps: Step[] = [
      ...Array.from({ length: 30 }, () => ({ priority: 'check' as const, calls: 1, dueMs: 0 })),
      ...Array.from({ length: 30 }, () => ({ priority: 'start' as const, calls: 2, dueMs: 1 })),
    ];
    const { finished } = play(budget, steps);
    const lastStart = Math.max(...finished.filter((s) => s.priority === 'start').map((s) => s.atMs));
    const checksAfterStarts = finished.filter((s) => s.priority === 'check' && s.atMs >= lastStart);
    // The checks came first, yet once starts wait, only the checks already let through went before them.
    const checksBefore = finished.filter((s) => s.priority === 'check' && s.atMs < lastStart).length;
    expect(checksBefore).toBeLessThanOrEqual(10);
    expect(checksAfterStarts.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses a check but admits a start when only the reserved share is left and starts wait', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 4, startReserve: 0.5 });
    // Two starts of two calls spend the bucket; a third one waits for its turn.
    expect(budget.admit('start', 0)).toMatchObject({ admitted: true, prepaid: 2 });
    expect(budget.admit('start', 0)).toMatchObject({ admitted: true, prepaid: 2 });
    expect(budget.admit('start', 0)).toMatchObject({ admitted: false, reason: 'budget' });
    // Half a second later two tokens are back: the reserved half, which a check may not take.
    expect(budget.admit('check', 500)).toMatchObject({ admitted: false, reason: 'budget' });
    expect(budget.admit('start', 500)).toMatchObject({ admitted: true });
  });

  it('lets checks use the whole bucket while no start waits', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 4, startReserve: 0.5 });
    for (let i = 0; i < 4; i++) expect(budget.admit('check', 0)).toMatchObject({ admitted: true });
    expect(budget.admit('check', 0)).toMatchObject({ admitted: false });
  });

  it('holds back every call to the resource after a 429, starts and checks alike, until its Retry-After', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 100 });
    budget.throttled(1_000, 3_000);
    for (const priority of ['start', 'check'] as const) {
      const refused = budget.admit(priority, 2_000);
      expect(refused).toMatchObject({ admitted: false, reason: 'held-back' });
      expect(refused.admitted ? 0 : refused.notBeforeMs).toBeGreaterThanOrEqual(4_000);
    }
    expect(budget.nextTurnMs('start', 2_000)).toBeGreaterThanOrEqual(4_000);
    // After the hold the bucket starts empty and refills: no burst the moment it ends.
    expect(budget.admit('start', 4_000)).toMatchObject({ admitted: false, reason: 'budget' });
    expect(budget.admit('start', 4_100)).toMatchObject({ admitted: true });
  });

  it('backs off further with every 429 in a row that names no wait, and afresh after another answer', () => {
    const heldFor = (budget: RequestBudget, atMs: number): number => budget.nextTurnMs('start', atMs) - atMs;
    const budget = new RequestBudget();
    const half = () => 0.5;
    budget.throttled(0, undefined, half);
    const first = heldFor(budget, 0);
    budget.throttled(100_000, undefined, half);
    const second = heldFor(budget, 100_000);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    budget.answered();
    budget.throttled(200_000, undefined, half);
    expect(heldFor(budget, 200_000)).toBe(first);
  });

  it('without a budget lets everything through except during a hold-back', () => {
    const budget = new RequestBudget();
    expect(budget.limited).toBe(false);
    for (let i = 0; i < 1_000; i++) expect(budget.admit(i % 2 ? 'start' : 'check', 0).admitted).toBe(true);
    budget.throttled(0, 2_000);
    expect(budget.admit('check', 1_000)).toMatchObject({ admitted: false, notBeforeMs: 2_000 });
  });

  it('learns what a step costs: starts that make three calls are spaced three calls apart', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 10 });
    const steps = Array.from({ length: 200 }, () => ({ priority: 'start' as const, calls: 3, dueMs: 0 }));
    const { requestTimes, refusals } = play(budget, steps);
    expect(busiestWindow(requestTimes, 10_000)).toBeLessThanOrEqual(10 + 100);
    // Once the estimate has caught up, refused starts are no longer turned away again on their return.
    expect(refusals).toBeLessThan(240);
  });

  it('gives back what a step prepaid and did not use', () => {
    const budget = new RequestBudget({ maxRequestsPerSecond: 3 });
    const first = budget.admit('start', 0);
    expect(first).toMatchObject({ admitted: true, prepaid: 2 });
    // The endpoint was already suspended: one read, no start call. Two of three tokens are left, not one.
    budget.settle('start', 2, 1, 0);
    expect(budget.admit('start', 0)).toMatchObject({ admitted: true, prepaid: 2 });
  });
});
