import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { createOperationsInBulk } from '../../src/storage/bulk-create.js';
import { ensureTable } from '../../src/storage/table-client-factory.js';
import { toListEntity, toRecordEntity } from '../../src/storage/operation-table-layout.js';
import { createTableOperationStore } from '../../src/storage/table-operation-store.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';
import { aFinishedRecord, anOperationRecord, minutesFrom } from './records.js';

async function freshTable(): Promise<TableClient> {
  const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('bulk'), {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  return table;
}

describe('createOperationsInBulk', () => {
  it('writes records as create does: due ones come back from listDue, all from get and list, updatable', async () => {
    const table = await freshTable();
    const store = createTableOperationStore(table);
    const now = new Date();
    const pending = Array.from({ length: 70 }, (_, i) =>
      anOperationRecord({ nextCheckAt: minutesFrom(now, -70 + i) }),
    );
    const finished = Array.from({ length: 10 }, () => aFinishedRecord());
    await createOperationsInBulk(table, [...pending, ...finished]);

    const due = await store.listDue(now, 200);
    expect(due.map((stored) => stored.record)).toEqual(pending);
    expect((await store.get(finished[0]!.id))?.record).toEqual(finished[0]);
    const page = await store.list({ top: 100 });
    expect(page.items.map((record) => record.id).sort()).toEqual(
      [...pending, ...finished].map((r) => r.id).sort(),
    );
    const updated = await store.update({ ...due[0]!.record, status: 'Succeeded' }, due[0]!.etag);
    expect(updated.record.status).toBe('Succeeded');
  });

  it('refuses an id that exists, writing nothing of that transaction', async () => {
    const table = await freshTable();
    const store = createTableOperationStore(table);
    const existing = anOperationRecord();
    await store.create(existing);
    const fresh = anOperationRecord();
    await expect(createOperationsInBulk(table, [fresh, existing])).rejects.toMatchObject({ statusCode: 409 });
    expect(await store.get(fresh.id)).toBeUndefined();
  });

  it('refuses a record whose index row is already there (inserted, not replaced), writing nothing of it', async () => {
    const table = await freshTable();
    const store = createTableOperationStore(table);
    const fresh = anOperationRecord();
    await table.createEntity(toListEntity(toRecordEntity(fresh)));
    await expect(createOperationsInBulk(table, [fresh])).rejects.toMatchObject({ statusCode: 409 });
    expect(await store.get(fresh.id)).toBeUndefined();
  });

  it('refuses records with a target key, whose target rows it does not write, writing nothing', async () => {
    const table = await freshTable();
    const store = createTableOperationStore(table);
    const plain = anOperationRecord();
    const targeted = anOperationRecord({ targetKey: 'customvoice-endpoint/simulator/one' });
    await expect(createOperationsInBulk(table, [plain, targeted])).rejects.toThrow(/target key/);
    expect(await store.get(plain.id)).toBeUndefined();
  });
});
