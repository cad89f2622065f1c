import { describe, expect, it } from 'vitest';
import { evaluateSchedules } from '../../src/schedules/evaluate-schedules.js';
import { capturingLog, silentLog } from './fakes.js';
import { JESSICA, MARK, RESOURCE, createScheduleHarness, officeHoursBody } from './harness.js';

const MINUTE = 60_000;

type Harness = Awaited<ReturnType<typeof createScheduleHarness>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function enqueuedAt(harness: Harness) {
  return harness.submit.enqueued.map((c) => {
    const endpointId = c.target.kind === 'customvoice-endpoint' ? String(c.target.endpointId) : '';
    return `${c.action} ${endpointId === JESSICA ? 'jessica' : endpointId === MARK ? 'mark' : endpointId}`;
  });
}

/**
 * A second, independent run (its own table, store and clock) of the office schedule created Monday
 * 2 June 2025 06:30 CEST, whose timer fires once at `firedAt`: what Monday's 07:00 resume enqueues there.
 */
async function mondayResumesFiredAt(firedAt: string) {
  const other = await createScheduleHarness('2025-06-02T04:30:00Z');
  await other.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });
  other.clock.set(firedAt);
  await other.fireTimer();
  expect(enqueuedAt(other)).toEqual(['resume jessica', 'resume mark']);
  return other.submit.enqueued.map((c) => c.id);
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
    const targets: string[] = [];
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
      targets.push(...enqueuedAt(harness).slice(before));
    }
    const expected: string[] = [];
    for (const day of ['02', '03', '04', '05', '06']) {
      expected.push(`resume 2025-06-${day}T05:00:00.000Z`, `resume 2025-06-${day}T05:00:00.000Z`);
      expected.push(`suspend 2025-06-${day}T17:00:00.000Z`, `suspend 2025-06-${day}T17:00:00.000Z`);
    }
    expect(instants).toEqual(expected);
    expect(targets).toEqual(
      ['02', '03', '04', '05', '06'].flatMap(() => [
        'resume jessica',
        'resume mark',
        'suspend jessica',
        'suspend mark',
      ]),
    );

    // Each command id is a UUID, and another target, action or instant is another id.
    const ids = harness.submit.calls.map((c) => c.id);
    expect(ids).toHaveLength(20);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(20);
    // The id is that of (schedule, target, action, instant): a second run, whose timer fires 7 minutes
    // later, gives Monday's 07:00 resumes the same ids.
    expect(await mondayResumesFiredAt('2025-06-02T05:07:00Z')).toEqual(ids.slice(0, 2));

    const first = harness.submit.enqueued[0]!;
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
    expect(enqueuedAt(restarted)).toEqual(['resume jessica', 'resume mark']);
    // The ids are those the 07:00 resumes would have had on time, so a resume that did go out before the
    // outage is not submitted twice.
    expect(restarted.submit.enqueued.map((c) => c.id)).toEqual(
      await mondayResumesFiredAt('2025-06-02T05:00:00Z'),
    );
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
    const heldId = harness.submit.enqueued[0]!.id;
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
    const ids = [heldId, ...harness.submit.enqueued.map((c) => c.id)];
    expect(new Set(ids).size).toBe(3);

    // A second run with the same hold, whose timer only fires at 19:01 and 22:04, gives each command the
    // same id: the late suspend of jessica is the one for the hold's end, not for the tick that saw it.
    const other = await createScheduleHarness('2025-06-02T15:00:00Z');
    await other.call('PUT', 'schedules/{name}', { params: { name: 'office' }, body: officeHoursBody });
    other.clock.set('2025-06-02T16:00:00Z');
    await other.call('POST', 'schedules/{name}/overrides', {
      params: { name: 'office' },
      body: { targets: [{ alias: 'jessica' }], until: '2025-06-02T22:00:00+02:00', hold: 'running' },
    });
    for (const tick of ['2025-06-02T17:01:00Z', '2025-06-02T20:04:00Z']) {
      other.clock.set(tick);
      await other.fireTimer();
    }
    expect(enqueuedAt(other)).toEqual(['resume jessica', 'suspend mark', 'suspend jessica']);
    expect(other.submit.enqueued.map((c) => c.id)).toEqual(ids);

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
