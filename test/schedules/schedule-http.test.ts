import { beforeEach, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../src/domain/operation.js';
import { JESSICA, MARK, RESOURCE, createScheduleHarness, officeHoursBody } from './harness.js';

type Harness = Awaited<ReturnType<typeof createScheduleHarness>>;
let harness: Harness;

beforeEach(async () => {
  // Each test has its own table and clock, starting Wednesday 15 January 2025, 10:00 UTC = 11:00 CET,
  // so it sees only the schedules it creates itself.
  harness = await createScheduleHarness('2025-01-15T10:00:00Z');
});

const put = (name: string, body: unknown) =>
  harness.call('PUT', 'schedules/{name}', { params: { name }, body });

describe('PUT and GET /api/schedules/{name}', () => {
  it('creates, shows the next instants in UTC and local time, replaces, lists and deletes', async () => {
    const created = await put('office', officeHoursBody);
    expect(created.status).toBe(201);

    const read = await harness.call('GET', 'schedules/{name}', { params: { name: 'office' } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      name: 'office',
      timeZone: 'Europe/Berlin',
      enabled: true,
      exceptions: [],
      targets: [{ alias: 'jessica' }, { resource: RESOURCE, endpointId: MARK }],
      next: {
        suspend: { utc: '2025-01-15T18:00:00.000Z', local: '2025-01-15T19:00:00+01:00' },
        resume: { utc: '2025-01-16T06:00:00.000Z', local: '2025-01-16T07:00:00+01:00' },
      },
      desiredState: 'running',
    });

    // On Friday evening the next resume is Monday's, and it is the local 07:00 that counts.
    harness.clock.set('2025-01-17T20:00:00Z');
    const friday = await harness.call('GET', 'schedules/{name}', { params: { name: 'office' } });
    expect(friday.body).toMatchObject({
      next: { resume: { utc: '2025-01-20T06:00:00.000Z', local: '2025-01-20T07:00:00+01:00' } },
      desiredState: 'suspended',
    });
    harness.clock.set('2025-01-15T10:00:00Z');

    await put('office-annex', officeHoursBody);
    const replaced = await put('office', { ...officeHoursBody, timeZone: 'america/new_york' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      timeZone: 'America/New_York',
      next: { suspend: { utc: '2025-01-16T00:00:00.000Z', local: '2025-01-15T19:00:00-05:00' } },
    });

    const list = await harness.call('GET', 'schedules');
    expect((list.body as { value: Array<{ name: string }> }).value.map((s) => s.name)).toEqual([
      'office',
      'office-annex',
    ]);

    expect((await harness.call('DELETE', 'schedules/{name}', { params: { name: 'office' } })).status).toBe(
      204,
    );
    const gone = await harness.call('GET', 'schedules/{name}', { params: { name: 'office' } });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: { code: 'ScheduleNotFound' } });
    const listAfter = await harness.call('GET', 'schedules');
    expect((listAfter.body as { value: Array<{ name: string }> }).value.map((s) => s.name)).toEqual([
      'office-annex',
    ]);
    expect((await harness.call('DELETE', 'schedules/{name}', { params: { name: 'office' } })).status).toBe(
      404,
    );
  });

  it.each([
    ['timeZone', { timeZone: 'Europe/Atlantis' }, 'InvalidTimeZone'],
    ['timeZone', { timeZone: '+01:00' }, 'InvalidTimeZone'],
    ['suspendAt', { suspendAt: '0 25 * * *' }, 'InvalidCronExpression'],
    ['resumeAt', { resumeAt: '0 7 * *' }, 'InvalidCronExpression'],
    ['resumeAt', { resumeAt: '0 19 * * 1-5' }, 'InvalidCronExpression'],
    ['targets.0.alias', { targets: [{ alias: 'nobody' }] }, 'UnknownAlias'],
    ['targets.0.resource', { targets: [{ resource: 'elsewhere', endpointId: MARK }] }, 'UnknownResource'],
    ['targets.0.endpointId', { targets: [{ resource: RESOURCE, endpointId: 'not-a-uuid' }] }, 'InvalidUuid'],
    [
      'targets.1',
      { targets: [{ alias: 'jessica' }, { resource: RESOURCE, endpointId: JESSICA }] },
      'DuplicateTarget',
    ],
    ['targets', { targets: [] }, 'InvalidValue'],
    ['exceptions.0', { exceptions: ['2025-02-30'] }, 'InvalidDate'],
    [
      'exceptions.1.to',
      { exceptions: ['2025-12-25', { from: '2025-12-24', to: '2025-12-20' }] },
      'InvalidDateRange',
    ],
    ['exceptions.0.from', { exceptions: [{ from: '24.12.2025', to: '2025-12-26' }] }, 'InvalidDate'],
    ['colour', { colour: 'blue' }, 'UnknownField'],
    ['enabled', { enabled: 'yes' }, 'InvalidType'],
  ])('answers 400 naming %s', async (target, change, code) => {
    const response = await put('bad', { ...officeHoursBody, ...change });
    expect(response.status).toBe(400);
    expect(response.headers['x-ms-error-code']).toBe(code);
    const error = (response.body as { error: { code: string; target?: string } }).error;
    expect(error.code).toBe(code);
    expect(error.target ?? '').toBe(target);
    expect((await harness.call('GET', 'schedules/{name}', { params: { name: 'bad' } })).status).toBe(404);
  });

  it('answers 400 for a missing field and for a name that cannot be a schedule name', async () => {
    const { timeZone: _omitted, ...withoutZone } = officeHoursBody;
    const missing = await put('bad', withoutZone);
    expect(missing.body).toMatchObject({ error: { code: 'MissingField', target: 'timeZone' } });
    const badName = await put('no spaces please', officeHoursBody);
    expect(badName.body).toMatchObject({ error: { code: 'InvalidScheduleName', target: 'name' } });
    const notJson = await put('bad', '{"targets":');
    expect(notJson.body).toMatchObject({ error: { code: 'InvalidJson' } });
  });
});

describe('overrides over HTTP', () => {
  it('holds, lists, ends early and restores the schedule state', async () => {
    harness.clock.set('2025-01-15T17:00:00Z'); // Wednesday 18:00 CET
    await put('demo', officeHoursBody);
    harness.submit.clear();

    const pastUntil = await harness.call('POST', 'schedules/{name}/overrides', {
      params: { name: 'demo' },
      body: { until: '2025-01-15T16:00:00Z', hold: 'running' },
    });
    expect(pastUntil.status).toBe(400);
    expect(pastUntil.body).toMatchObject({ error: { target: 'until' } });
    const badHold = await harness.call('POST', 'schedules/{name}/overrides', {
      params: { name: 'demo' },
      body: { until: '2025-01-15T22:00:00+01:00', hold: 'asleep' },
    });
    expect(badHold.body).toMatchObject({ error: { target: 'hold' } });
    const notOurs = await harness.call('POST', 'schedules/{name}/overrides', {
      params: { name: 'demo' },
      body: {
        targets: [{ resource: RESOURCE, endpointId: '11111111-2222-4333-8444-555555555555' }],
        until: '2025-01-15T22:00:00+01:00',
        hold: 'running',
      },
    });
    expect(notOurs.body).toMatchObject({ error: { code: 'NotAScheduleTarget', target: 'targets.0' } });
    expect(harness.submit.enqueued).toEqual([]);

    const created = await harness.call('POST', 'schedules/{name}/overrides', {
      params: { name: 'demo' },
      body: { until: '2025-01-15T22:00:00+01:00', hold: 'running' },
    });
    expect(created.status).toBe(201);
    const override = created.body as { id: string; targets: unknown[] };
    expect(override.targets).toHaveLength(2); // no targets given: all of the schedule's

    harness.clock.set('2025-01-15T19:30:00Z'); // 20:30 CET, past the 19:00 suspend
    const active = await harness.call('GET', 'schedules/{name}/overrides', { params: { name: 'demo' } });
    expect((active.body as { value: Array<{ id: string }> }).value.map((o) => o.id)).toEqual([override.id]);

    harness.submit.clear();
    const ended = await harness.call('DELETE', 'schedules/{name}/overrides/{overrideId}', {
      params: { name: 'demo', overrideId: override.id },
    });
    expect(ended.status).toBe(200);
    // It is past 19:00 on a weekday: ending the hold suspends both endpoints now.
    expect(harness.submit.enqueued.map((c) => c.action)).toEqual(['suspend', 'suspend']);
    const again = await harness.call('DELETE', 'schedules/{name}/overrides/{overrideId}', {
      params: { name: 'demo', overrideId: override.id },
    });
    expect(again.status).toBe(404);
  });
});

describe('GET /api/schedules/{name}/report', () => {
  function record(
    action: 'suspend' | 'resume',
    created: string,
    finished: string,
    principal = 'saver',
    source: 'schedule' | 'http' | 'slack' = 'schedule',
  ): OperationRecord {
    return {
      id: `${action}-${created}-${principal}`,
      status: 'Succeeded',
      action,
      target: { kind: 'customvoice-endpoint', resource: RESOURCE, endpointId: JESSICA },
      createdDateTime: created,
      lastActionDateTime: finished,
      requestedBy: { source, principal },
      requestHash: 'h',
      checkCount: 1,
    };
  }

  it('adds up the hours each target spent suspended in the period, whoever suspended or resumed it', async () => {
    harness.clock.set('2025-01-20T12:00:00Z');
    await put('saver', officeHoursBody);
    harness.history.push(
      // Before the period: suspended Thursday 9 Jan 18:00, so suspended at the period's start (10 Jan 12:00).
      record('suspend', '2025-01-09T18:00:00Z', '2025-01-09T18:00:05Z'),
      record('resume', '2025-01-13T06:00:00Z', '2025-01-13T06:04:00Z'), // 2 days 18 h = 66 h after 10 Jan 12:00
      record('suspend', '2025-01-13T18:00:00Z', '2025-01-13T18:00:00Z'),
      record('resume', '2025-01-14T06:00:00Z', '2025-01-14T06:05:00Z'), // 12 h
      // Someone suspended it by hand one evening and resumed it in the morning: 12 h, counted too.
      record('suspend', '2025-01-15T18:00:00Z', '2025-01-15T18:00:00Z', 'U123', 'slack'),
      record('resume', '2025-01-16T06:00:00Z', '2025-01-16T06:03:00Z', 'ops', 'http'),
      record('suspend', '2025-01-20T10:00:00Z', '2025-01-20T10:00:00Z'),
      // A manual resume an hour after the scheduled suspend ends the suspended hours: 1 h, not 2.
      record('resume', '2025-01-20T11:00:00Z', '2025-01-20T11:04:00Z', 'ops', 'http'),
      // Another schedule suspending it while it was suspended already changes nothing.
      record('suspend', '2025-01-13T20:00:00Z', '2025-01-13T20:00:00Z', 'another-schedule'),
    );
    const response = await harness.call('GET', 'schedules/{name}/report', {
      params: { name: 'saver' },
      query: 'days=10',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'saver',
      days: 10,
      from: '2025-01-10T12:00:00.000Z',
      to: '2025-01-20T12:00:00.000Z',
      targets: [
        { resource: RESOURCE, endpointId: JESSICA, aliases: ['jessica'], suspendedHours: 66 + 12 + 12 + 1 },
        { resource: RESOURCE, endpointId: MARK, aliases: [], suspendedHours: 0 },
      ],
      totalSuspendedHours: 91,
      historyComplete: true,
    });
    const bad = await harness.call('GET', 'schedules/{name}/report', {
      params: { name: 'saver' },
      query: 'days=0',
    });
    expect(bad.body).toMatchObject({ error: { target: 'days' } });
  });
});
