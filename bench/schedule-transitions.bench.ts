/**
 * What a schedule costs to look at (`GET /api/schedules/{name}`: desired state and next transitions, and
 * one timer evaluation), for the worst schedule PUT accepts (every minute, under a two-year exception
 * range, plus one every minute of one month only) against office hours. The ratio shows that the cost
 * does not follow the number of firings.
 */
import {
  planEvaluation,
  desiredActionAt,
  nextTransition,
  type ScheduleRules,
} from '../src/schedules/transitions.js';
import { median, round2 } from './stats.js';
import type { BenchResult } from './types.js';

const DAY_IN_MS = 86_400_000;
const ROUNDS = 15;

const officeHours: ScheduleRules = {
  timeZone: 'Europe/Berlin',
  suspendAt: '0 19 * * 1-5',
  resumeAt: '0 7 * * 1-5',
  exceptions: [],
};

function localDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

function lookAt(rules: ScheduleRules, now: Date): void {
  desiredActionAt(rules, now);
  nextTransition(rules, 'suspend', now);
  nextTransition(rules, 'resume', now);
  planEvaluation({
    rules,
    targets: [{ resource: 'r', endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb' }],
    overrides: [],
    lastEvaluatedAt: new Date(now.getTime() - 60_000),
    now,
    catchUpGraceInMs: 180 * 60_000,
  });
}

function medianMs(rules: ScheduleRules, now: Date): number {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    lookAt(rules, new Date(now.getTime() + round * 61_000));
    times.push(performance.now() - started);
  }
  return median(times);
}

export function run(): Promise<BenchResult> {
  const now = new Date(Date.UTC(2026, 5, 15, 12, 0, 0));
  const denseExcepted: ScheduleRules = {
    timeZone: 'Europe/Berlin',
    suspendAt: '* * * * *',
    resumeAt: '30 * * * *',
    exceptions: [
      { from: localDate(now.getTime() - 365 * DAY_IN_MS), to: localDate(now.getTime() + 365 * DAY_IN_MS) },
    ],
  };
  const denseOneMonth: ScheduleRules = { ...officeHours, suspendAt: '* * * 2 *', resumeAt: '0 7 1 3 *' };
  lookAt(officeHours, now); // warm-up: parsing and time-zone formatters
  const baseline = medianMs(officeHours, now);
  const excepted = medianMs(denseExcepted, now);
  const oneMonth = medianMs(denseOneMonth, now);
  return Promise.resolve({
    name: `one look at a schedule (desired state, next transitions, one evaluation), median of ${ROUNDS}`,
    baselineName: 'office hours',
    figures: {
      officeHoursMs: round2(baseline),
      everyMinuteTwoYearExceptionMs: round2(excepted),
      everyMinuteOfFebruaryMs: round2(oneMonth),
    },
    ratio: Math.max(excepted, oneMonth) / baseline,
  });
}
