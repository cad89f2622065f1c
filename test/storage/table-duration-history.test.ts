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
});
