import { describe, expect, it } from 'vitest';
import { operationToWaitFor, turnWaitInMs } from '../../src/engine/target-turn.js';
import type { InFlightOperation } from '../../src/storage/operation-store.js';

const now = new Date('2026-03-02T08:00:10.000Z');
const HOUR = 3_600_000;

function op(id: string, createdDateTime: string, status: InFlightOperation['status'] = 'NotStarted') {
  return { id, status, createdDateTime };
}

describe('operationToWaitFor: one target, one transition at a time, in acceptance order', () => {
  const suspend = op('a-suspend', '2026-03-02T08:00:00.000Z', 'Running');
  const resume = op('b-resume', '2026-03-02T08:00:01.000Z');
  const later = op('c-later', '2026-03-02T08:00:02.000Z');

  it('makes a command wait for the operation accepted before it on the target', () => {
    expect(operationToWaitFor(resume, [suspend, resume], now, HOUR)).toBe(suspend);
  });

  it('lets the oldest go, whatever arrived at the executor first', () => {
    expect(operationToWaitFor(suspend, [suspend, resume, later], now, HOUR)).toBeUndefined();
  });

  it('names the oldest of several earlier operations', () => {
    expect(operationToWaitFor(later, [resume, suspend, later], now, HOUR)).toBe(suspend);
  });

  it('breaks a tie of acceptance times by id, so two commands never wait for each other', () => {
    const x = op('x', '2026-03-02T08:00:00.000Z');
    const y = op('y', '2026-03-02T08:00:00.000Z');
    const waits = [operationToWaitFor(x, [x, y], now, HOUR), operationToWaitFor(y, [x, y], now, HOUR)];
    expect(waits).toEqual([undefined, x]);
  });

  it('never waits for itself (a twin of the same command) or for nothing', () => {
    expect(operationToWaitFor(resume, [resume], now, HOUR)).toBeUndefined();
    expect(operationToWaitFor(resume, [], now, HOUR)).toBeUndefined();
  });

  it('does not wait for an operation past the tracking limit (the poller ends it Expired)', () => {
    expect(operationToWaitFor(resume, [suspend, resume], now, 5_000)).toBeUndefined();
  });
});

describe('turnWaitInMs', () => {
  it('looks again just after a running blocker is next checked', () => {
    const running = {
      ...op('a', '2026-03-02T08:00:00.000Z', 'Running'),
      nextCheckAt: '2026-03-02T08:00:14.000Z',
    };
    expect(turnWaitInMs(running, now, 2_000)).toBe(5_000);
  });

  it('uses the check interval for a blocker not yet started, within bounds', () => {
    expect(turnWaitInMs(op('a', '2026-03-02T08:00:00.000Z'), now, 5_000)).toBe(5_000);
    expect(turnWaitInMs(op('a', '2026-03-02T08:00:00.000Z'), now, 10)).toBe(1_000);
    expect(turnWaitInMs(op('a', '2026-03-02T08:00:00.000Z'), now, 10 * 60_000)).toBe(30_000);
  });
});
