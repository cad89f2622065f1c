import { describe, expect, it } from 'vitest';
import { postJson, useStandaloneHost } from '../harness/standalone.js';

/**
 * Issue 10: a cron expression firing more often than once a minute is refused, and the cost of finding
 * a schedule's transitions is bounded whatever its expressions and exceptions: a dense expression with
 * a two-year exception range is answered like any other, and the host keeps answering.
 */

const get = useStandaloneHost();

const DAY_IN_MS = 86_400_000;
const localDate = (offsetInDays: number): string =>
  new Date(Date.now() + offsetInDays * DAY_IN_MS).toISOString().slice(0, 10);

function putSchedule(name: string, body: Record<string, unknown>) {
  return get().api(`/api/schedules/${name}`, {
    ...postJson({
      targets: [{ alias: 'jessica' }],
      timeZone: 'Europe/Berlin',
      suspendAt: '0 19 * * *',
      resumeAt: '0 7 * * *',
      ...body,
    }),
    method: 'PUT',
  });
}

describe('cron expressions firing more than once a minute', () => {
  it.each(['* * * * * *', '*/30 * * * * *', '0,30 * * * * *', '0-1 * 19 * * *'])(
    "'%s' is refused with 400 InvalidCronExpression",
    async (suspendAt) => {
      const response = await putSchedule('too-often', { suspendAt });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; target?: string } };
      expect(body.error.code).toBe('InvalidCronExpression');
      expect(body.error.target).toBe('suspendAt');
      expect((await get().api('/api/schedules/too-often')).status).toBe(404);
    },
  );

  it.each(['0 * * * * *', '30 19 * * * *', '* * * * *'])(
    "'%s' (at most once a minute) is accepted",
    async (suspendAt) => {
      const response = await putSchedule('once-a-minute', { suspendAt });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
    },
  );
});

describe('bounded transition search', () => {
  it('answers PUT, GET, the timer and health for a per-minute schedule under a two-year exception range', async () => {
    const exceptions = [{ from: localDate(-365), to: localDate(365) }];
    const put = await putSchedule('dense-excepted', {
      suspendAt: '* * * * *',
      resumeAt: '30 * * * *',
      exceptions,
    });
    expect(put.status, await put.clone().text()).toBe(201);
    const view = (await put.json()) as { next: { suspend: { utc: string } | null }; desiredState: unknown };
    // Nothing happens inside the range; the first suspend is the minute the range ends.
    expect(view.next.suspend).not.toBeNull();
    expect(Date.parse(view.next.suspend!.utc)).toBeGreaterThan(Date.now() + 360 * DAY_IN_MS);
    // The state it was left in: the last minute before the range began, a year ago, was a suspend.
    expect(view.desiredState).toBe('suspended');

    expect((await get().api('/api/schedules/dense-excepted')).status).toBe(200);
    expect((await get().api('/api/schedules')).status).toBe(200);
    await get().host.timers.trigger('scheduleTimer');
    expect((await get().api('/api/health')).status).toBe(200);
  });

  it('answers for a per-minute schedule with the most single-date exceptions', async () => {
    const exceptions = Array.from({ length: 500 }, (_, i) => localDate(i - 250));
    const put = await putSchedule('dense-many', {
      suspendAt: '* * * * *',
      resumeAt: '30 * * * *',
      exceptions,
    });
    expect(put.status, await put.clone().text()).toBe(201);
    expect((await get().api('/api/schedules/dense-many')).status).toBe(200);
    await get().host.timers.trigger('scheduleTimer');
    expect((await get().api('/api/health')).status).toBe(200);
  });

  it('answers for an expression that fires every minute of one month only', async () => {
    const put = await putSchedule('dense-month', { suspendAt: '* * * 2 *', resumeAt: '0 7 1 3 *' });
    expect(put.status, await put.clone().text()).toBe(201);
    const report = await get().api('/api/schedules/dense-month/report?days=365');
    expect(report.status).toBe(200);
  });
});
