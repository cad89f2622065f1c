import { describe, expect, it } from 'vitest';
import {
  desiredActionAt,
  latestTransitionBetween,
  nextTransition,
  planEvaluation,
  transitionsBetween,
  type ScheduleRules,
} from '../../src/schedules/transitions.js';

/** Office hours in Berlin: suspend 19:00, resume 07:00, Monday to Friday. June is CEST (+02:00). */
const officeHours: ScheduleRules = {
  timeZone: 'Europe/Berlin',
  suspendAt: '0 19 * * 1-5',
  resumeAt: '0 7 * * 1-5',
  exceptions: [],
};
const jessica = { resource: 'speech-we', endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb' };
const mark = { resource: 'speech-we', endpointId: '0b0c8b5e-7f06-4c1e-9a55-3b8e2f1d6a10' };
const HOUR = 3_600_000;

function listed(rules: ScheduleRules, from: string, to: string): string[] {
  return transitionsBetween(rules, new Date(from), new Date(to)).map(
    (t) => `${t.action} ${t.instant.toISOString()}`,
  );
}

describe('a weekday schedule over a week', () => {
  it('resumes at 07:00 and suspends at 19:00 local on Monday to Friday only', () => {
    // Monday 2 June 2025 00:00 CEST to Monday 9 June 00:00 CEST.
    expect(listed(officeHours, '2025-06-01T22:00:00Z', '2025-06-08T22:00:00Z')).toEqual([
      'resume 2025-06-02T05:00:00.000Z',
      'suspend 2025-06-02T17:00:00.000Z',
      'resume 2025-06-03T05:00:00.000Z',
      'suspend 2025-06-03T17:00:00.000Z',
      'resume 2025-06-04T05:00:00.000Z',
      'suspend 2025-06-04T17:00:00.000Z',
      'resume 2025-06-05T05:00:00.000Z',
      'suspend 2025-06-05T17:00:00.000Z',
      'resume 2025-06-06T05:00:00.000Z',
      'suspend 2025-06-06T17:00:00.000Z',
    ]);
  });

  it('stays suspended over the weekend', () => {
    expect(desiredActionAt(officeHours, new Date('2025-06-07T12:00:00Z'))).toBe('suspend'); // Saturday
    expect(desiredActionAt(officeHours, new Date('2025-06-09T04:59:59Z'))).toBe('suspend'); // Monday 06:59
    expect(desiredActionAt(officeHours, new Date('2025-06-09T05:00:00Z'))).toBe('resume'); // Monday 07:00
  });

  it('keeps local 07:00 across the spring-forward weekend (06:00 UTC before, 05:00 UTC after)', () => {
    expect(listed(officeHours, '2025-03-28T00:00:00Z', '2025-03-31T12:00:00Z')).toEqual([
      'resume 2025-03-28T06:00:00.000Z', // Friday 07:00 CET
      'suspend 2025-03-28T18:00:00.000Z', // Friday 19:00 CET
      'resume 2025-03-31T05:00:00.000Z', // Monday 07:00 CEST
    ]);
  });
});

describe('exceptions', () => {
  const withHolidays: ScheduleRules = {
    ...officeHours,
    // Whit Monday, and the Christmas break as a range (both ends included).
    exceptions: ['2025-06-09', { from: '2025-12-24', to: '2026-01-01' }],
  };

  it('does nothing on an excepted date, so the endpoint stays suspended through a long weekend', () => {
    expect(listed(withHolidays, '2025-06-06T12:00:00Z', '2025-06-10T12:00:00Z')).toEqual([
      'suspend 2025-06-06T17:00:00.000Z', // Friday
      'resume 2025-06-10T05:00:00.000Z', // Tuesday: Monday is a holiday
    ]);
    expect(desiredActionAt(withHolidays, new Date('2025-06-09T12:00:00Z'))).toBe('suspend');
  });

  it('skips every date of a range and resumes after it', () => {
    // Tuesday 23 Dec 2025 (CET, +01:00) to Monday 5 Jan 2026.
    expect(listed(withHolidays, '2025-12-23T12:00:00Z', '2026-01-03T00:00:00Z')).toEqual([
      'suspend 2025-12-23T18:00:00.000Z',
      'resume 2026-01-02T06:00:00.000Z', // Friday 2 January
      'suspend 2026-01-02T18:00:00.000Z',
    ]);
    expect(
      nextTransition(withHolidays, 'resume', new Date('2025-12-23T19:00:00Z'))?.instant.toISOString(),
    ).toBe('2026-01-02T06:00:00.000Z');
  });
});

describe('catch-up after downtime', () => {
  const base = { rules: officeHours, targets: [jessica, mark], overrides: [], catchUpGraceInMs: 3 * HOUR };

  it('acts on a missed instant within the grace period', () => {
    // Down from Monday 06:00 to 08:30 local: the 07:00 resume is 1.5 h old.
    const plan = planEvaluation({
      ...base,
      lastEvaluatedAt: new Date('2025-06-02T04:00:00Z'),
      now: new Date('2025-06-02T06:30:00Z'),
    });
    expect(plan.commands.map((c) => [c.target.endpointId, c.action, c.instant.toISOString()])).toEqual([
      [jessica.endpointId, 'resume', '2025-06-02T05:00:00.000Z'],
      [mark.endpointId, 'resume', '2025-06-02T05:00:00.000Z'],
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips and reports instants older than the grace period', () => {
    // Down from Friday 18:00 to Monday 06:00 local: Friday's 19:00 suspend is 59 h old.
    const plan = planEvaluation({
      ...base,
      lastEvaluatedAt: new Date('2025-06-06T16:00:00Z'),
      now: new Date('2025-06-09T04:00:00Z'),
    });
    expect(plan.commands).toEqual([]);
    expect(plan.skipped.map((s) => `${s.action} ${s.instant.toISOString()}`)).toEqual([
      'suspend 2025-06-06T17:00:00.000Z',
    ]);
  });

  it('acts only on the latest missed transition per target after a long outage', () => {
    // Down from Monday 12:00 to Wednesday 08:00 local with a 3-day grace: suspend, resume, suspend, resume
    // were all missed; only Wednesday's resume is sent.
    const plan = planEvaluation({
      ...base,
      catchUpGraceInMs: 72 * HOUR,
      lastEvaluatedAt: new Date('2025-06-02T10:00:00Z'),
      now: new Date('2025-06-04T06:00:00Z'),
    });
    expect(plan.commands.map((c) => [c.target.endpointId, c.action, c.instant.toISOString()])).toEqual([
      [jessica.endpointId, 'resume', '2025-06-04T05:00:00.000Z'],
      [mark.endpointId, 'resume', '2025-06-04T05:00:00.000Z'],
    ]);
  });

  it('does nothing when the window holds no instant', () => {
    const plan = planEvaluation({
      ...base,
      lastEvaluatedAt: new Date('2025-06-02T05:00:00Z'), // the 07:00 resume was dealt with
      now: new Date('2025-06-02T05:01:00Z'),
    });
    expect(plan.commands).toEqual([]);
  });
});

describe('overrides in a plan', () => {
  // Monday 2 June: hold jessica running from 18:00 to 22:00 local.
  const hold = {
    id: 'demo',
    targets: [jessica],
    hold: 'running' as const,
    createdAt: new Date('2025-06-02T16:00:00Z'),
    until: new Date('2025-06-02T20:00:00Z'),
  };
  const base = {
    rules: officeHours,
    targets: [jessica, mark],
    overrides: [hold],
    catchUpGraceInMs: 3 * HOUR,
  };

  it('skips the evening suspend for the held target only', () => {
    const plan = planEvaluation({
      ...base,
      lastEvaluatedAt: new Date('2025-06-02T16:59:00Z'),
      now: new Date('2025-06-02T17:00:00Z'),
    });
    expect(plan.commands.map((c) => [c.target.endpointId, c.action])).toEqual([[mark.endpointId, 'suspend']]);
  });

  it('restores the schedule state when the hold ends', () => {
    const plan = planEvaluation({
      ...base,
      lastEvaluatedAt: new Date('2025-06-02T19:59:00Z'),
      now: new Date('2025-06-02T20:00:00Z'),
    });
    expect(
      plan.commands.map((c) => [c.target.endpointId, c.action, c.instant.toISOString(), c.cause]),
    ).toEqual([[jessica.endpointId, 'suspend', '2025-06-02T20:00:00.000Z', 'override-ended']]);
  });

  it('sends nothing at the end of a hold that matches the schedule', () => {
    const afternoon = {
      ...hold,
      createdAt: new Date('2025-06-02T10:00:00Z'),
      until: new Date('2025-06-02T14:00:00Z'),
    };
    const plan = planEvaluation({
      ...base,
      overrides: [afternoon],
      lastEvaluatedAt: new Date('2025-06-02T13:59:00Z'),
      now: new Date('2025-06-02T14:00:00Z'),
    });
    expect(plan.commands).toEqual([]);
  });
});

describe('the bisection search for the latest transition', () => {
  // Each case is compared with a plain forward listing of the same window, firing by firing.
  const cases: Array<[string, ScheduleRules, string]> = [
    ['office hours', officeHours, '2025-06-04T12:00:00Z'],
    [
      'every minute and on the half hour',
      { timeZone: 'Europe/Berlin', suspendAt: '* * * * *', resumeAt: '30 * * * *', exceptions: [] },
      '2025-06-04T12:30:00Z',
    ],
    [
      'across the Berlin fall-back night (02:00-03:00 happens twice)',
      { timeZone: 'Europe/Berlin', suspendAt: '*/7 2 * * *', resumeAt: '45 2 * * *', exceptions: [] },
      '2025-10-26T01:20:00Z',
    ],
    [
      'across the Berlin spring-forward night (02:00-03:00 does not exist)',
      { timeZone: 'Europe/Berlin', suspendAt: '*/5 2 * * *', resumeAt: '0 3 * * *', exceptions: [] },
      '2025-03-30T01:00:00Z',
    ],
    [
      'with chained exception ranges and dates',
      {
        timeZone: 'America/New_York',
        suspendAt: '*/10 * * * *',
        resumeAt: '0 8 * * *',
        exceptions: ['2025-06-04', { from: '2025-06-02', to: '2025-06-03' }, '2025-06-01'],
      },
      '2025-06-04T23:00:00Z',
    ],
  ];

  it.each(cases)('%s: finds what a firing-by-firing listing finds', (_name, rules, at) => {
    const to = new Date(at);
    for (const hoursBack of [1, 5, 30, 72]) {
      const from = new Date(to.getTime() - hoursBack * HOUR);
      const listedLast = transitionsBetween(rules, from, to).at(-1);
      const found = latestTransitionBetween(rules, from, to);
      expect(found, `${hoursBack} hours back`).toEqual(listedLast);
    }
  });

  it('answers for a per-minute expression under a two-year exception range without walking it', () => {
    const rules: ScheduleRules = {
      timeZone: 'Europe/Berlin',
      suspendAt: '* * * * *',
      resumeAt: '30 * * * *',
      exceptions: [{ from: '2024-06-01', to: '2026-05-31' }],
    };
    // Nothing inside the range; the latest transition is the last minute before it.
    expect(desiredActionAt(rules, new Date('2025-06-01T12:00:00Z'))).toBe('suspend');
    expect(
      latestTransitionBetween(rules, new Date('2024-05-31T00:00:00Z'), new Date('2025-06-01T12:00:00Z')),
    ).toMatchObject({
      action: 'suspend',
      localDate: '2024-05-31',
      instant: new Date('2024-05-31T21:59:00Z'),
    });
    expect(nextTransition(rules, 'resume', new Date('2025-06-01T12:00:00Z'))).toMatchObject({
      localDate: '2026-06-01',
      instant: new Date('2026-05-31T22:30:00Z'),
    });
  });
});
