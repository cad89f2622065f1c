import { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEPT_DURATIONS, type DurationKey } from '../../src/engine/duration-history.js';
import { ensureTable } from '../../src/storage/table-client-factory.js';
import { createTableDurationHistory } from '../../src/storage/table-duration-history.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';

/** Observed durations in Table Storage (Azurite): kept per key, shared between processes. */
let table: TableClient;
beforeAll(async () => {
  table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('durations'), {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
});

const suspendFast: DurationKey = {
  resource: 'simulator',
  kind: 'customvoice-endpoint',
  action: 'resume',
  durationClass: 'FastResume',
};
const suspendSlow: DurationKey = { ...suspendFast, durationClass: 'HighPerformance' };

describe('table duration history', () => {
  it('has no estimate for a key never observed', async () => {
    expect(await createTableDurationHistory(table).estimate(suspendFast)).toBeUndefined();
  });

  it('keeps durations per key, readable by another process, newest ones only', async () => {
    const writer = createTableDurationHistory(table);
    for (let i = 0; i < KEPT_DURATIONS + 5; i += 1) await writer.observe(suspendSlow, 300_000 + i);
    await writer.observe(suspendFast, 40_000);
    const reader = createTableDurationHistory(table);
    const slow = await reader.estimate(suspendSlow);
    expect(slow?.samples).toBe(KEPT_DURATIONS);
    expect(slow?.earlyInMs).toBeGreaterThanOrEqual(300_005);
    expect((await reader.estimate(suspendFast))?.typicalInMs).toBe(40_000);
  });

  it('loses no sample when two writers observe the same key at once', async () => {
    const key: DurationKey = { resource: 'r1', kind: 'face-operation', action: 'status-check' };
    const writers = [createTableDurationHistory(table), createTableDurationHistory(table)];
    await Promise.all(writers.map((writer, i) => writer.observe(key, 1_000 * (i + 1))));
    expect((await createTableDurationHistory(table).estimate(key))?.samples).toBe(2);
  });

  it('loses no sample when many operations of one key finish at once in one process', async () => {
    // A schedule's fleet: a dozen suspends of one kind end within the same moment.
    const key: DurationKey = { resource: 'r2', kind: 'customvoice-endpoint', action: 'suspend' };
    const writer = createTableDurationHistory(table);
    const durations = Array.from({ length: 12 }, (_, i) => 60_000 + i * 1_000);
    await Promise.all(durations.map((duration) => writer.observe(key, duration)));
    const estimate = await createTableDurationHistory(table).estimate(key);
    expect(estimate?.samples).toBe(durations.length);
    expect(estimate?.earlyInMs).toBeGreaterThanOrEqual(60_000);
    expect(estimate?.lateInMs).toBeLessThanOrEqual(71_000);
  });

  it('keeps the newest durations when one process observes more than it keeps, all at once', async () => {
    const key: DurationKey = { resource: 'r3', kind: 'customvoice-endpoint', action: 'resume' };
    const writer = createTableDurationHistory(table);
    const durations = Array.from({ length: KEPT_DURATIONS * 2 }, (_, i) => 1_000 * (i + 1));
    await Promise.all(durations.map((duration) => writer.observe(key, duration)));
    const estimate = await createTableDurationHistory(table).estimate(key);
    expect(estimate?.samples).toBe(KEPT_DURATIONS);
    // The first half went out as newer ones came in.
    expect(estimate?.earlyInMs).toBeGreaterThan(1_000 * KEPT_DURATIONS);
  });
});
