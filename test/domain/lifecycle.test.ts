import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/command.js';
import {
  applyOutcome,
  createOperationRecord,
  expire,
  isOverdue,
  markEventPublished,
  needsEvent,
  nextCheckDelayInMs,
  toResource,
  type LifecycleTimings,
} from '../../src/domain/lifecycle.js';
import { toOperationEvent } from '../../src/domain/operation-event-factory.js';
import { requestHash } from '../../src/domain/request-hash.js';

const TIMINGS: LifecycleTimings = {
  statusCheckIntervalInMs: 5_000,
  recoveryDelayInMs: 60_000,
  operationTimeoutInMs: 30 * 60_000,
};
const T0 = new Date('2026-11-21T18:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const command: Command = {
  id: 'c0b4d7a2-5b0e-4c57-9a0f-0d9f3e2a1b11',
  action: 'suspend',
  target: {
    kind: 'customvoice-endpoint',
    resource: 'simulator',
    endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
  },
  requestedBy: { source: 'http' },
  requestedDateTime: T0.toISOString(),
};

describe('operation life cycle', () => {
  it('starts NotStarted with a recovery check planned, and the public resource hides the bookkeeping', () => {
    const record = createOperationRecord(command, T0, TIMINGS);
    expect(record.status).toBe('NotStarted');
    expect(record.nextCheckAt).toBe(at(60).toISOString());
    const resource = toResource(record);
    expect(Object.keys(resource).sort()).toEqual(
      ['action', 'createdDateTime', 'id', 'lastActionDateTime', 'status', 'target'].sort(),
    );
  });

  it('follows the service Retry-After for the next check, within bounds', () => {
    expect(nextCheckDelayInMs(3_000, TIMINGS)).toBe(3_000);
    expect(nextCheckDelayInMs(undefined, TIMINGS)).toBe(5_000);
    expect(nextCheckDelayInMs(10, TIMINGS)).toBe(1_000);
    expect(nextCheckDelayInMs(24 * 3_600_000, TIMINGS)).toBe(5 * 60_000);
  });

  it('runs, ends, owes exactly one event, and stops being due once the event is published', () => {
    const started = createOperationRecord(command, T0, TIMINGS);
    const runningRecord = applyOutcome(
      started,
      { kind: 'running', upstreamStatus: 'Disabling', retryAfterInMs: 2_000 },
      at(1),
      TIMINGS,
    );
    expect(runningRecord).toMatchObject({
      status: 'Running',
      upstream: { status: 'Disabling' },
      nextCheckAt: at(3).toISOString(),
    });
    expect(needsEvent(runningRecord)).toBe(false);

    const done = applyOutcome(
      runningRecord,
      {
        kind: 'terminal',
        status: 'Succeeded',
        upstreamStatus: 'Succeeded',
        result: { endpointStatus: 'Disabled' },
      },
      at(4),
      TIMINGS,
    );
    expect(done).toMatchObject({
      status: 'Succeeded',
      result: { endpointStatus: 'Disabled' },
      lastActionDateTime: at(4).toISOString(),
    });
    expect(needsEvent(done)).toBe(true);
    expect(done.nextCheckAt).toBe(at(4).toISOString());

    const published = markEventPublished(done, at(5));
    expect(needsEvent(published)).toBe(false);
    expect(published.nextCheckAt).toBeUndefined();
  });

  it('expires an operation tracked past the limit as Failed with code Expired', () => {
    const record = createOperationRecord(command, T0, TIMINGS);
    expect(isOverdue(record, at(30 * 60), TIMINGS)).toBe(false);
    expect(isOverdue(record, at(30 * 60 + 1), TIMINGS)).toBe(true);
    expect(expire(record, at(30 * 60 + 1), TIMINGS)).toMatchObject({
      status: 'Failed',
      error: { code: 'Expired', message: 'The operation did not finish within 30 minutes.' },
    });
    const quick = { ...TIMINGS, operationTimeoutInMs: 3_000 };
    expect(expire(record, at(5), quick).error?.message).toBe(
      'The operation did not finish within 3 seconds.',
    );
  });
});

describe('completion events', () => {
  it('are CloudEvents whose id depends only on the operation, typed by the terminal status', () => {
    const done = applyOutcome(
      createOperationRecord(command, T0, TIMINGS),
      { kind: 'terminal', status: 'Failed', error: { code: 'Expired', message: 'too slow' } },
      at(9),
      TIMINGS,
    );
    const event = toOperationEvent(done);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'CognitiveOps.Operation.Failed',
      subject: command.id,
      datacontenttype: 'application/json',
    });
    // The operation resource, written out: no bookkeeping (nextCheckAt, requestHash, ...) leaks into it.
    expect(event.data).toEqual({
      id: 'c0b4d7a2-5b0e-4c57-9a0f-0d9f3e2a1b11',
      status: 'Failed',
      action: 'suspend',
      target: {
        kind: 'customvoice-endpoint',
        resource: 'simulator',
        endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
      },
      createdDateTime: '2026-11-21T18:00:00.000Z',
      lastActionDateTime: '2026-11-21T18:00:09.000Z',
      error: { code: 'Expired', message: 'too slow' },
    });
    const later = applyOutcome(
      done,
      { kind: 'terminal', status: 'Failed', error: { code: 'X', message: 'y' } },
      at(99),
      TIMINGS,
    );
    expect(toOperationEvent(later).id).toBe(event.id);
    expect(() => toOperationEvent(createOperationRecord(command, T0, TIMINGS))).toThrow(/only terminal/);
  });
});

describe('requestHash', () => {
  it('ignores key order and tells different requests apart', () => {
    const a = requestHash('suspend', { kind: 'customvoice-endpoint', resource: 'r', endpointId: 'e' });
    const sameReordered = requestHash('suspend', {
      endpointId: 'e',
      resource: 'r',
      kind: 'customvoice-endpoint',
    });
    expect(sameReordered).toBe(a);
    expect(requestHash('resume', { kind: 'customvoice-endpoint', resource: 'r', endpointId: 'e' })).not.toBe(
      a,
    );
  });
});
