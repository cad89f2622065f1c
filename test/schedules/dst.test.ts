import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError, firingsBetween, parseLocalCron } from '../../src/schedules/cron.js';
import { canonicalTimeZone, formatLocal, instantOfWallTime } from '../../src/schedules/time-zone.js';

/**
 * Expected instants worked out from the tz rules:
 * - Europe/Berlin: CET (+01:00) -> CEST (+02:00) on the last Sunday of March at 01:00 UTC (2025-03-30),
 *   back on the last Sunday of October at 01:00 UTC (2025-10-26).
 * - America/New_York: EST (-05:00) -> EDT (-04:00) on the second Sunday of March at 07:00 UTC (2025-03-09,
 *   02:00 local), back on the first Sunday of November at 06:00 UTC (2025-11-02, 02:00 EDT -> 01:00 EST).
 */
function instants(expression: string, timeZone: string, from: string, to: string): string[] {
  const cron = parseLocalCron(expression);
  return [...firingsBetween(cron, timeZone, Date.parse(from), Date.parse(to))].map((f) =>
    new Date(f.instantInMs).toISOString(),
  );
}

describe('Europe/Berlin across both DST changes', () => {
  it('fires a non-existent 02:30 once, at 03:00 CEST when the clocks jump', () => {
    expect(instants('30 2 * * *', 'Europe/Berlin', '2025-03-28T12:00:00Z', '2025-04-01T12:00:00Z')).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-30T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST
      '2025-03-31T00:30:00.000Z', // 02:30 CEST
      '2025-04-01T00:30:00.000Z',
    ]);
  });

  it('fires a repeated 02:30 once, at its first occurrence (CEST)', () => {
    expect(instants('30 2 * * *', 'Europe/Berlin', '2025-10-25T12:00:00Z', '2025-10-27T12:00:00Z')).toEqual([
      '2025-10-26T00:30:00.000Z', // 02:30 CEST; 02:30 CET (01:30 UTC) does not fire again
      '2025-10-27T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('gives an hourly expression each local hour once on both days', () => {
    expect(instants('0 * * * *', 'Europe/Berlin', '2025-03-29T22:30:00Z', '2025-03-30T02:00:00Z')).toEqual([
      '2025-03-29T23:00:00.000Z', // 00:00 CET
      '2025-03-30T00:00:00.000Z', // 01:00 CET
      '2025-03-30T01:00:00.000Z', // 02:00 (missing) and 03:00 CEST are the same instant
      '2025-03-30T02:00:00.000Z', // 04:00 CEST
    ]);
    expect(instants('0 * * * *', 'Europe/Berlin', '2025-10-25T22:30:00Z', '2025-10-26T03:00:00Z')).toEqual([
      '2025-10-25T23:00:00.000Z', // 01:00 CEST
      '2025-10-26T00:00:00.000Z', // 02:00 CEST
      '2025-10-26T02:00:00.000Z', // 03:00 CET (02:00 CET at 01:00 UTC is the repeat)
      '2025-10-26T03:00:00.000Z', // 04:00 CET
    ]);
  });
});

describe('America/New_York across both DST changes', () => {
  it('fires a non-existent 02:30 once, at 03:00 EDT', () => {
    expect(
      instants('30 2 * * *', 'America/New_York', '2025-03-08T00:00:00Z', '2025-03-11T00:00:00Z'),
    ).toEqual([
      '2025-03-08T07:30:00.000Z', // 02:30 EST
      '2025-03-09T07:00:00.000Z', // 03:00 EDT
      '2025-03-10T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('fires a repeated 01:30 once, at its first occurrence (EDT)', () => {
    expect(
      instants('30 1 * * *', 'America/New_York', '2025-11-01T00:00:00Z', '2025-11-04T00:00:00Z'),
    ).toEqual([
      '2025-11-01T05:30:00.000Z', // 01:30 EDT
      '2025-11-02T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30 UTC) does not fire
      '2025-11-03T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('maps wall times to instants with the same rules', () => {
    expect(new Date(instantOfWallTime(Date.UTC(2025, 2, 9, 2, 15), 'America/New_York')).toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    expect(new Date(instantOfWallTime(Date.UTC(2025, 10, 2, 1, 0), 'America/New_York')).toISOString()).toBe(
      '2025-11-02T05:00:00.000Z',
    );
    expect(new Date(instantOfWallTime(Date.UTC(2025, 6, 4, 12, 0), 'America/New_York')).toISOString()).toBe(
      '2025-07-04T16:00:00.000Z',
    );
  });
});

describe('local time display', () => {
  it('shows the offset in force at the instant', () => {
    expect(formatLocal(Date.parse('2025-03-31T05:00:00Z'), 'Europe/Berlin')).toBe(
      '2025-03-31T07:00:00+02:00',
    );
    expect(formatLocal(Date.parse('2025-01-15T18:00:00Z'), 'Europe/Berlin')).toBe(
      '2025-01-15T19:00:00+01:00',
    );
    expect(formatLocal(Date.parse('2025-11-02T06:30:00Z'), 'America/New_York')).toBe(
      '2025-11-02T01:30:00-05:00',
    );
    expect(formatLocal(Date.parse('2025-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2025-06-01T05:30:00+05:30');
  });

  it('accepts IANA zones in any case and refuses what is not one', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('+01:00')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });
});

describe('cron expressions', () => {
  it('reads 6 fields as seconds first, as NCRONTAB does', () => {
    expect(instants('30 0 19 * * *', 'UTC', '2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z')).toEqual([
      '2025-06-02T19:00:30.000Z',
    ]);
  });

  it.each([
    ['0 0 * *', /5 fields/],
    ['0 0 0 * * * *', /5 fields/],
    ['61 * * * *', /minute/],
    ['@daily', /5 fields/],
    ['0 0 30 2 *', /never fires/],
    ['0 ? * * *', /allowed/],
    ['0 25 * * *', /hour/],
  ])('refuses %s', (expression, reason) => {
    expect(() => parseLocalCron(expression)).toThrow(InvalidCronExpressionError);
    expect(() => parseLocalCron(expression)).toThrow(reason);
  });
});
