import { describe, expect, it } from 'vitest';
import { evaluateSchedules } from '../../src/schedules/evaluate-schedules.js';
import { scheduleCommandId } from '../../src/schedules/schedule-commands.js';
import { capturingLog, silentLog } from './fakes.js';
import { JESSICA, MARK, RESOURCE, createScheduleHarness, officeHoursBody } from './harness.js';

const MINUTE = 60_000;

function enqueuedAt(harness: Awaited<ReturnType<typeof createScheduleHarness>>) {
  return harness.submit.enqueued.map((c) => {
    const endpointId = c.target.kind === 'customvoice-endpoint' ? c.target.endpointId : '';
    return `${c.action} ${endpointId === JESSICA ? 'jessica' : endpointId === MARK ? 'mark' : endpointId}`;
  });
}

describe('the schedule timer', () => {
  it('runs a weekday schedule over a week: one suspend and one resume per target per weekday', async () => {
    // Created Sunday 1 June 2025 23:00 CEST; the timer then fires every two hours
    // (at odd UTC hours, so 05:00 and 17:00 UTC are among them) for a week.
    const harness = await createScheduleHarness('2025-06-01T21:00:00Z');
    expect(
      (await harness.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody }))
        .status,
    ).toBe(201);

    const instants: string[] = [];
    for (
      let t = Date.parse('2025-06-01T23:00:00Z');
      t <= Date.parse('2025-06-08T21:00:00Z');
      t += 120 * MINUTE
    ) {
      harness.clock.set(new Date(t));
      const before = harness.submit.enqueued.length;
      await harness.fireTimer();
      for (const command of harness.submit.enqueued.slice(before)) {
        instants.push(`${command.action} ${new Date(t).toISOString()}`);
      }
    }
    const expected: string[] = [];
    for (const day of ['02', '03', '04', '05', '06']) {
      expected.push(`resume 2025-06-${day}T05:00:00.000Z`, `resume 2025-06-${day}T05:00:00.000Z`);
      expected.push(`suspend 2025-06-${day}T17:00:00.000Z`, `suspend 2025-06-${day}T17:00:00.000Z`);
    }
    expect(instants).toEqual(expected);

    // Each command carries the deterministic id of (schedule, target, action, instant) and says who asked.
    const first = harness.submit.enqueued[0]!;
    expect(first.id).toBe(
      scheduleCommandId(
        'office',
        { resource: RESOURCE, endpointId: JESSICA },
        'resume',
        new Date('2025-06-02T05:00:00Z'),
      ),
    );
    expect(first.target).toEqual({ kind: 'customvoice-endpoint', resource: RESOURCE, endpointId: JESSICA });
    expect(first.requestedBy).toEqual({ source: 'schedule', principal: 'office' });
  });

  it('enqueues each command once when the timer fires twice, in turn or at once', async () => {
    const harness = await createScheduleHarness('2025-06-02T16:00:00Z');
    await harness.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });

    harness.clock.set('2025-06-02T17:00:00.250Z');
    await harness.fireTimer();
    await harness.fireTimer();
    expect(enqueuedAt(harness)).toEqual(['suspend jessica', 'suspend mark']);
    expect(harness.submit.calls).toHaveLength(2);

    // Two instances on the same minute read the same marker: both submit, the ids make them one.
    harness.clock.set('2025-06-03T05:00:00.100Z');
    const reports = await Promise.all([
      evaluateSchedules(harness.deps, silentLog),
      evaluateSchedules(harness.deps, silentLog),
    ]);
    expect(enqueuedAt(harness)).toEqual(['suspend jessica', 'suspend mark', 'resume jessica', 'resume mark']);
    expect(new Set(harness.submit.enqueued.map((c) => c.id)).size).toBe(4);
    expect(reports.reduce((n, r) => n + r.submitted, 0)).toBe(2);
    expect(reports.every((r) => r.failures === 0)).toBe(true);
  });

  it('catches up on a missed instant within the grace period after a restart', async () => {
    const harness = await createScheduleHarness('2025-06-02T03:00:00Z');
    await harness.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });
    harness.clock.set('2025-06-02T04:00:00Z'); // Monday 06:00: last run before the outage
    await harness.fireTimer();

    // Back at 08:30 local, a fresh process: the marker comes from the table, the 07:00 resume is 1.5 h old.
    const restarted = await createScheduleHarness('2025-06-02T06:30:00Z');
    const deps = { ...restarted.deps, store: harness.deps.store };
    await evaluateSchedules(deps, silentLog);
    expect(restarted.submit.enqueued.map((c) => [c.action, c.id])).toEqual([
      [
        'resume',
        scheduleCommandId(
          'office',
          { resource: RESOURCE, endpointId: JESSICA },
          'resume',
          new Date('2025-06-02T05:00:00Z'),
        ),
      ],
      [
        'resume',
        scheduleCommandId(
          'office',
          { resource: RESOURCE, endpointId: MARK },
          'resume',
          new Date('2025-06-02T05:00:00Z'),
        ),
      ],
    ]);
  });

  it('skips and logs instants older than the grace period', async () => {
    const harness = await createScheduleHarness('2025-06-06T15:00:00Z');
    await harness.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });
    harness.clock.set('2025-06-06T16:00:00Z'); // Friday 18:00
    await harness.fireTimer();

    harness.clock.set('2025-06-06T21:00:00Z'); // Friday 23:00: the 19:00 suspend is 4 h old (grace 3 h)
    const log = capturingLog();
    const report = await evaluateSchedules(harness.deps, log);
    expect(harness.submit.enqueued).toEqual([]);
    expect(report.skipped).toBe(1);
    expect(log.lines.join('\n')).toContain(
      'skipped instants older than the catch-up grace period: suspend at 2025-06-06T17:00:00.000Z',
    );

    // The marker moved on: the skipped instant is not reconsidered later.
    harness.clock.set('2025-06-06T21:01:00Z');
    await harness.fireTimer();
    expect(harness.submit.enqueued).toEqual([]);
  });

  it('holds an endpoint running past the evening suspend, then lets it go', async () => {
    const harness = await createScheduleHarness('2025-06-02T15:00:00Z');
    await harness.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });

    harness.clock.set('2025-06-02T16:00:00Z'); // Monday 18:00: keep jessica up until 22:00 for the demo
    const created = await harness.call('POST', 'schedules/{name}/overrides', {
      params: { name: 'office' },
      body: { targets: [{ alias: 'jessica' }], until: '2025-06-02T22:00:00+02:00', hold: 'running' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      hold: 'running',
      until: '2025-06-02T20:00:00.000Z',
      untilLocal: '2025-06-02T22:00:00+02:00',
    });
    expect(enqueuedAt(harness)).toEqual(['resume jessica']); // the hold is made true at once
    harness.submit.clear();

    // The timer fires every 5 minutes from 18:01 to 22:01 local; note which tick enqueued what.
    const seen: string[] = [];
    for (
      let t = Date.parse('2025-06-02T16:01:00Z');
      t <= Date.parse('2025-06-02T20:05:00Z');
      t += 5 * MINUTE
    ) {
      harness.clock.set(new Date(t));
      const before = harness.submit.enqueued.length;
      await harness.fireTimer();
      const added = enqueuedAt(harness).slice(before);
      seen.push(...added.map((line) => `${line} at ${new Date(t).toISOString()}`));
    }
    expect(seen).toEqual([
      'suspend mark at 2025-06-02T17:01:00.000Z', // 19:00 CEST: jessica is held
      'suspend jessica at 2025-06-02T20:01:00.000Z', // 22:00 CEST: the hold ends
    ]);
    expect(harness.submit.enqueued[1]!.id).toBe(
      scheduleCommandId(
        'office',
        { resource: RESOURCE, endpointId: JESSICA },
        'suspend',
        new Date('2025-06-02T20:00:00Z'),
      ),
    );
    const active = await harness.call('GET', 'schedules/{name}/overrides', { params: { name: 'office' } });
    expect(active.body).toEqual({ value: [] });
  });

  it('acts on nothing while a schedule is disabled, and does not replay the gap when it is enabled again', async () => {
    const harness = await createScheduleHarness('2025-06-02T15:00:00Z');
    await harness.call('PUT', 'schedules/{name}', {
      params: { name: 'office' },
      body: { ...officeHoursBody, enabled: false },
    });
    harness.clock.set('2025-06-02T17:00:00Z');
    await harness.fireTimer();
    expect(harness.submit.enqueued).toEqual([]);

    harness.clock.set('2025-06-02T17:30:00Z');
    await harness.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });
    harness.clock.set('2025-06-02T17:31:00Z');
    await harness.fireTimer();
    expect(harness.submit.enqueued).toEqual([]);
  });
});
