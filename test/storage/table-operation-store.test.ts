import { TableClient, odata, type TransactionAction } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../src/domain/operation.js';
import { mapWithConcurrency } from '../../src/shared/concurrency.js';
import { findFreePort } from '../../src/shared/free-port.js';
import {
  ConcurrencyConflictError,
  OperationAlreadyExistsError,
  OperationRecordTooLargeError,
} from '../../src/storage/errors.js';
import type { OperationStore } from '../../src/storage/operation-store.js';
import { ensureTable } from '../../src/storage/table-client-factory.js';
import {
  InvalidContinuationTokenError,
  MAX_RECORD_JSON_CHARS,
  createTableOperationStore,
} from '../../src/storage/table-operation-store.js';
import { TARGET_PREFIX, TARGET_RANGE_END } from '../../src/storage/target-index.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';
import { aFinishedRecord, anOperationRecord, minutesFrom } from './records.js';

interface Fixture {
  store: OperationStore;
  table: TableClient;
}

/** Each scenario gets its own table, so counts and pages are exactly what the scenario wrote. */
async function freshStore(): Promise<Fixture> {
  const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('ops'), {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  return { store: createTableOperationStore(table), table };
}

async function createAll(store: OperationStore, records: OperationRecord[]): Promise<void> {
  await mapWithConcurrency(records, 16, async (record) => {
    await store.create(record);
  });
}

/** The raw due-index rows, to check the store leaves no stale or missing ones behind. */
async function dueIndexIds(table: TableClient): Promise<string[]> {
  const ids: string[] = [];
  const filter = odata`RowKey gt ${'~'} and RowKey lt ${'~new~'}`;
  for await (const row of table.listEntities<{ operationId: string }>({ queryOptions: { filter } })) {
    ids.push(row.operationId);
  }
  return ids.sort();
}

describe('TableOperationStore: records', () => {
  it('reads back what it created and updated, with a fresh ETag each time', async () => {
    const { store } = await freshStore();
    const record = anOperationRecord({
      upstream: { operationId: 'up-1', status: 'Disabling' },
      requestedBy: {
        source: 'slack',
        principal: 'U123',
        replyTo: { kind: 'slack', responseUrl: 'https://x' },
      },
    });

    const created = await store.create(record);
    const read = await store.get(record.id);
    expect(read).toEqual(created);
    expect(read?.record).toEqual(record);

    const changed = { ...record, status: 'Succeeded' as const, result: { status: 'Disabled' } };
    const updated = await store.update(changed, created.etag);
    expect(updated.etag).not.toBe(created.etag);
    expect(await store.get(record.id)).toEqual({ record: changed, etag: updated.etag });

    // The returned ETag is the one the next write must present.
    const again = await store.update({ ...changed, checkCount: 3 }, updated.etag);
    expect((await store.get(record.id))?.record.checkCount).toBe(3);
    expect((await store.get(record.id))?.etag).toBe(again.etag);
  });

  it('answers undefined for an unknown id and for an id that cannot exist', async () => {
    const { store } = await freshStore();
    expect(await store.get('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(await store.get("~due~x' or 'a'='a")).toBeUndefined();
  });

  it('refuses a second create with the same id and keeps the first', async () => {
    const { store } = await freshStore();
    const first = anOperationRecord({ requestHash: 'first' });
    await store.create(first);

    await expect(store.create({ ...first, requestHash: 'second' })).rejects.toBeInstanceOf(
      OperationAlreadyExistsError,
    );
    expect((await store.get(first.id))?.record.requestHash).toBe('first');
  });

  it('lets exactly one of two writers with the same ETag win', async () => {
    const { store } = await freshStore();
    const record = anOperationRecord({ nextCheckAt: new Date().toISOString() });
    const { etag } = await store.create(record);

    const results = await Promise.allSettled([
      store.update({ ...record, checkCount: 1, upstream: { status: 'writer-a' } }, etag),
      store.update({ ...record, checkCount: 1, upstream: { status: 'writer-b' } }, etag),
    ]);

    const winners = results.filter((result) => result.status === 'fulfilled');
    const losers = results.filter((result) => result.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.reason).toBeInstanceOf(ConcurrencyConflictError);
    const stored = await store.get(record.id);
    expect(stored?.etag).toBe(winners[0]?.value.etag);
    expect(stored?.record).toEqual(winners[0]?.value.record);
  });

  it('reports a conflict when updating a record that no longer exists', async () => {
    const { store } = await freshStore();
    const record = aFinishedRecord();
    const { etag } = await store.create(record);
    const cutoff = new Date(Date.now() + 60_000);
    expect(await store.purgeFinishedBefore(cutoff)).toBe(1);

    await expect(store.update({ ...record, checkCount: 9 }, etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await store.get(record.id)).toBeUndefined();
  });

  it('refuses a record too large for one Table property and writes nothing', async () => {
    const { store } = await freshStore();
    const record = anOperationRecord({ result: { log: 'x'.repeat(MAX_RECORD_JSON_CHARS) } });

    await expect(store.create(record)).rejects.toBeInstanceOf(OperationRecordTooLargeError);
    expect(await store.get(record.id)).toBeUndefined();

    // Just under the limit still fits: the limit is Table Storage's, not an arbitrary one.
    const base = JSON.stringify(anOperationRecord({ id: record.id, result: { log: '' } })).length;
    const largest = anOperationRecord({
      id: record.id,
      result: { log: 'y'.repeat(MAX_RECORD_JSON_CHARS - base) },
    });
    await store.create(largest);
    expect((await store.get(record.id))?.record.result).toEqual(largest.result);
  });
});

describe('TableOperationStore: due work', () => {
  it('lists only due pending records among many finished ones, oldest first, at most limit', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const finished = Array.from({ length: 150 }, (_, i) =>
      aFinishedRecord({ lastActionDateTime: minutesFrom(now, -i) }),
    );
    const due = [-30, -5, -20, 0, -10].map((minutes) =>
      anOperationRecord({ nextCheckAt: minutesFrom(now, minutes) }),
    );
    const later = [1, 60].map((minutes) => anOperationRecord({ nextCheckAt: minutesFrom(now, minutes) }));
    await createAll(store, [...finished, ...due, ...later]);

    const oldestFirst = [...due].sort((a, b) => Date.parse(a.nextCheckAt!) - Date.parse(b.nextCheckAt!));
    const listed = await store.listDue(now, 100);
    expect(listed.map((s) => s.record.id)).toEqual(oldestFirst.map((r) => r.id));

    const limited = await store.listDue(now, 3);
    expect(limited.map((s) => s.record.id)).toEqual(oldestFirst.slice(0, 3).map((r) => r.id));

    // Finished history leaves no index rows: the due query never touches it.
    expect(await dueIndexIds(table)).toEqual([...due, ...later].map((r) => r.id).sort());
  });

  it('hands back ETags that guard the next write', async () => {
    const { store } = await freshStore();
    const now = new Date();
    const record = anOperationRecord({ nextCheckAt: minutesFrom(now, -1) });
    await store.create(record);

    const [listed] = await store.listDue(now, 10);
    expect(listed?.record.id).toBe(record.id);
    await store.update({ ...record, checkCount: 1 }, listed!.etag);
    await expect(store.update({ ...record, checkCount: 2 }, listed!.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
  });

  it('drops a record from due work once its nextCheckAt is cleared, and again when it moves later', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const { nextCheckAt: _none, ...withoutCheck } = anOperationRecord();
    const finishing = { ...withoutCheck, nextCheckAt: minutesFrom(now, -2) };
    const postponed = anOperationRecord({ nextCheckAt: minutesFrom(now, -1) });
    const created = await store.create(finishing);
    const createdPostponed = await store.create(postponed);

    await store.update({ ...withoutCheck, status: 'Succeeded' }, created.etag);
    await store.update({ ...postponed, nextCheckAt: minutesFrom(now, 5) }, createdPostponed.etag);

    expect(await store.listDue(now, 10)).toEqual([]);
    expect(
      (await store.listDue(new Date(Date.parse(minutesFrom(now, 6))), 10)).map((s) => s.record.id),
    ).toEqual([postponed.id]);
    expect(await dueIndexIds(table)).toEqual([postponed.id]);
  });

  it('keeps the index consistent when an update loses the ETag race', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const { nextCheckAt: _none, ...withoutCheck } = anOperationRecord();
    const record = { ...withoutCheck, nextCheckAt: minutesFrom(now, -1) };
    const { etag: staleEtag } = await store.create(record);

    // The winner finishes the operation; the loser, holding the old ETag, tries to schedule a check.
    await store.update({ ...withoutCheck, status: 'Failed' }, staleEtag);
    await expect(
      store.update({ ...record, nextCheckAt: minutesFrom(now, -10) }, staleEtag),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);

    expect(await store.listDue(now, 10)).toEqual([]);
    expect(await dueIndexIds(table)).toEqual([]);
    expect((await store.get(record.id))?.record.status).toBe('Failed');

    // And the other way round: a losing clear must not remove the winner's index row.
    const second = anOperationRecord({ nextCheckAt: minutesFrom(now, -3) });
    const { etag } = await store.create(second);
    await store.update({ ...second, nextCheckAt: minutesFrom(now, -4), checkCount: 1 }, etag);
    const { nextCheckAt: _dropped, ...cleared } = second;
    await expect(store.update({ ...cleared, status: 'Succeeded' }, etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect((await store.listDue(now, 10)).map((s) => s.record.id)).toEqual([second.id]);
  });

  it('lets one of two pollers that listed the same due record win, whatever each writes', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const { nextCheckAt: _none, ...withoutCheck } = anOperationRecord();
    const record = { ...withoutCheck, nextCheckAt: minutesFrom(now, -1) };
    await store.create(record);
    const [first] = await store.listDue(now, 10);
    const [second] = await store.listDue(now, 10);

    const results = await Promise.allSettled([
      store.update({ ...withoutCheck, status: 'Succeeded' }, first!.etag),
      store.update({ ...record, nextCheckAt: minutesFrom(now, 1), checkCount: 1 }, second!.etag),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((result) => result.status === 'rejected');
    expect(loser?.reason).toBeInstanceOf(ConcurrencyConflictError);
    const stored = await store.get(record.id);
    const clearWon = results[0]?.status === 'fulfilled';
    expect(stored?.record.status).toBe(clearWon ? 'Succeeded' : 'Running');
    expect(await dueIndexIds(table)).toEqual(clearWon ? [] : [record.id]);
  });

  it('guards a listed record against a writer that read it with get, both ways round', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const { nextCheckAt: _none, ...withoutCheck } = anOperationRecord();
    const record = { ...withoutCheck, nextCheckAt: minutesFrom(now, -1) };
    await store.create(record);

    // get-writer first: the listed ETag is stale afterwards, even for a clear.
    const [listed] = await store.listDue(now, 10);
    const read = await store.get(record.id);
    const afterGet = await store.update({ ...record, checkCount: 1 }, read!.etag);
    await expect(store.update({ ...withoutCheck, status: 'Failed' }, listed!.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );

    // listed-writer first: the get ETag is stale afterwards.
    const [listedAgain] = await store.listDue(now, 10);
    const cleared = await store.update(
      { ...withoutCheck, status: 'Succeeded', checkCount: 2 },
      listedAgain!.etag,
    );
    await expect(store.update({ ...record, checkCount: 3 }, afterGet.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );

    expect(await store.get(record.id)).toEqual(cleared);
    expect(await store.listDue(now, 10)).toEqual([]);
    expect(await dueIndexIds(table)).toEqual([]);
  });

  it('skips and later purges an index row left empty by an interrupted clear', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const record = aFinishedRecord();
    await store.create(record);
    // What a crash between the clearing transaction and its follow-up delete leaves behind.
    await table.upsertEntity({
      partitionKey: 'op',
      rowKey: `~at~${minutesFrom(now, -5)}~${record.id}`,
      operationId: record.id,
      nextCheckAt: '',
      recordJson: '',
    });

    expect(await store.listDue(now, 10)).toEqual([]);
    expect(await store.purgeFinishedBefore(new Date(minutesFrom(now, -60)))).toBe(0);
    expect(await dueIndexIds(table)).toEqual([]);
    expect((await store.get(record.id))?.record).toEqual(record);
  });

  it('stops listing a due index row whose record was deleted by hand', async () => {
    const { store, table } = await freshStore();
    const now = new Date();
    const record = anOperationRecord({ nextCheckAt: minutesFrom(now, -1) });
    await store.create(record);
    await table.deleteEntity('op', record.id);

    const [orphan] = await store.listDue(now, 10);
    await expect(store.update({ ...record, checkCount: 1 }, orphan!.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await store.listDue(now, 10)).toEqual([]);

    expect(await dueIndexIds(table)).toEqual([]);
  });

  it('updates a record that never had a nextCheckAt', async () => {
    const { store, table } = await freshStore();
    const record = aFinishedRecord();
    const { etag } = await store.create(record);

    const updated = await store.update({ ...record, result: { note: 'annotated' } }, etag);
    expect((await store.get(record.id))?.record.result).toEqual({ note: 'annotated' });
    expect((await store.get(record.id))?.etag).toBe(updated.etag);
    expect(await dueIndexIds(table)).toEqual([]);
  });
});

describe('TableOperationStore: list', () => {
  it('filters by status and kind and pages newest first with a continuation token', async () => {
    const { store } = await freshStore();
    const faceTarget = { kind: 'face-operation' as const, resource: 'simulator', operationId: 'f-1' };
    const now = new Date();
    // Created a minute apart, newest first in this array: the order `list` must give them in.
    const runningFace = Array.from({ length: 7 }, (_, i) =>
      anOperationRecord({
        action: 'status-check',
        target: faceTarget,
        createdDateTime: minutesFrom(now, -i),
      }),
    );
    const others = [
      ...Array.from({ length: 5 }, () => anOperationRecord()),
      ...Array.from({ length: 4 }, () => aFinishedRecord({ action: 'status-check', target: faceTarget })),
    ];
    await createAll(store, [...runningFace, ...others]);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({
        status: 'Running',
        kind: 'face-operation',
        top: 3,
        ...(token ? { continuationToken: token } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      for (const item of page.items) {
        expect(item.status).toBe('Running');
        expect(item.target.kind).toBe('face-operation');
      }
      seen.push(...page.items.map((item) => item.id));
      token = page.continuationToken;
      pages++;
    } while (token !== undefined && pages < 20);

    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(runningFace.map((r) => r.id));

    const byStatus = await store.list({ status: 'Succeeded', top: 100 });
    expect(byStatus.items.map((r) => r.id).sort()).toEqual(
      others
        .slice(5)
        .map((r) => r.id)
        .sort(),
    );
    expect(byStatus.continuationToken).toBeUndefined();

    const everything = await store.list({ top: 1000 });
    expect(everything.items).toHaveLength(runningFace.length + others.length);
  });

  it('refuses a continuation token it did not issue', async () => {
    const { store } = await freshStore();
    await createAll(store, [anOperationRecord(), anOperationRecord()]);
    const page = await store.list({ top: 1 });
    expect(page.continuationToken).toMatch(/^[A-Za-z0-9_-]+$/);

    const forged = Buffer.from(JSON.stringify({ v: 2, nextPartitionKey: 'x' })).toString('base64url');
    for (const token of ['not a token', 'bm90IGpzb24', forged]) {
      await expect(store.list({ top: 1, continuationToken: token })).rejects.toBeInstanceOf(
        InvalidContinuationTokenError,
      );
    }
  });
});

describe('TableOperationStore: purge and ping', () => {
  it('deletes only finished records older than the cutoff', async () => {
    const { store } = await freshStore();
    const now = new Date();
    const old = minutesFrom(now, -10 * 24 * 60);
    const oldFinished = (['Succeeded', 'Failed', 'Canceled'] as const).map((status) =>
      aFinishedRecord({ status, lastActionDateTime: old }),
    );
    const kept = [
      aFinishedRecord({ lastActionDateTime: minutesFrom(now, -60) }),
      anOperationRecord({ lastActionDateTime: old, nextCheckAt: old }),
      // Terminal but its completion event is still owed: the poller needs it.
      aFinishedRecord({ lastActionDateTime: old, nextCheckAt: old }),
      anOperationRecord({ status: 'NotStarted', lastActionDateTime: old }),
    ];
    await createAll(store, [...oldFinished, ...kept]);

    expect(await store.purgeFinishedBefore(new Date(minutesFrom(now, -24 * 60)))).toBe(oldFinished.length);
    for (const record of oldFinished) expect(await store.get(record.id)).toBeUndefined();
    for (const record of kept) expect((await store.get(record.id))?.record).toEqual(record);
    expect(await store.purgeFinishedBefore(new Date(minutesFrom(now, -24 * 60)))).toBe(0);
  });

  it('pings a reachable store and throws for an unreachable one', async () => {
    const { store } = await freshStore();
    await expect(store.ping()).resolves.toBeUndefined();

    const closedPort = await findFreePort();
    const unreachable = new TableClient(`http://127.0.0.1:${closedPort}/devstoreaccount1`, 'nothing', {
      allowInsecureConnection: true,
    });
    await expect(createTableOperationStore(unreachable, { pingTimeoutInMs: 3_000 }).ping()).rejects.toThrow();
  });

  it('pings fail when the table is missing', async () => {
    const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('missing'), {
      allowInsecureConnection: true,
    });
    await expect(createTableOperationStore(table).ping()).rejects.toThrow();
  });
});

/** Counts the entities Table Storage sent back to this client: what a query really read. */
function countingTable(tableName: string): { table: TableClient; entitiesRead: () => number } {
  let read = 0;
  const policy: PipelinePolicy = {
    name: 'countEntitiesRead',
    async sendRequest(request, next) {
      const response = await next(request);
      if (request.method === 'GET' && response.bodyAsText) {
        const body = JSON.parse(response.bodyAsText) as { value?: unknown[] };
        read += Array.isArray(body.value) ? body.value.length : 1;
      }
      return response;
    },
  };
  const table = TableClient.fromConnectionString(azuriteConnectionString(), tableName, {
    allowInsecureConnection: true,
    additionalPolicies: [{ policy, position: 'perCall' }],
  });
  return { table, entitiesRead: () => read };
}

describe('TableOperationStore: what a poll reads', () => {
  it('reads only the batch it asked for, oldest due first, however many records are pending', async () => {
    const { table, entitiesRead } = countingTable(uniqueTableName('due'));
    await ensureTable(table);
    const store = createTableOperationStore(table);
    const now = new Date();
    // 300 pending, due at scattered times (created in a shuffled order), 20 not yet due.
    const pending = Array.from({ length: 300 }, (_, i) =>
      anOperationRecord({ nextCheckAt: minutesFrom(now, -((i * 37) % 300) - 1) }),
    );
    const notYet = Array.from({ length: 20 }, (_, i) =>
      anOperationRecord({ nextCheckAt: minutesFrom(now, i + 1) }),
    );
    await createAll(store, [...pending, ...notYet]);
    await store.listDue(now, 1); // the one-time layout check, not part of a poll

    const before = entitiesRead();
    const batch = await store.listDue(now, 10);
    const read = entitiesRead() - before;

    const oldestFirst = [...pending].sort(
      (a, b) => Date.parse(a.nextCheckAt!) - Date.parse(b.nextCheckAt!) || (a.id < b.id ? -1 : 1),
    );
    expect(batch.map((s) => s.record.id)).toEqual(oldestFirst.slice(0, 10).map((r) => r.id));
    expect(read).toBeLessThanOrEqual(10);

    // Everything due is still reachable, batch after batch, and nothing that is not yet due.
    const all = await store.listDue(now, 1000);
    expect(all.map((s) => s.record.id)).toEqual(oldestFirst.map((r) => r.id));
  });
});

describe('TableOperationStore: a table written by the previous layout', () => {
  /** Rows exactly as schema 1 wrote them: records with schemaVersion 1 and `~due~{id}` index rows. */
  async function writeSchemaOne(table: TableClient, records: OperationRecord[]): Promise<void> {
    for (const record of records) {
      const recordJson = JSON.stringify(record);
      const nextCheckAt = record.nextCheckAt ?? '';
      const actions: TransactionAction[] = [
        [
          'create',
          {
            partitionKey: 'op',
            rowKey: record.id,
            schemaVersion: 1,
            recordJson,
            status: record.status,
            kind: record.target.kind,
            action: record.action,
            createdDateTime: record.createdDateTime,
            lastActionDateTime: record.lastActionDateTime,
            nextCheckAt,
          },
        ],
      ];
      if (nextCheckAt) {
        actions.push([
          'create',
          {
            partitionKey: 'op',
            rowKey: `~due~${record.id}`,
            operationId: record.id,
            nextCheckAt,
            recordJson,
          },
        ]);
      }
      await table.submitTransaction(actions);
    }
  }

  it('still finds, lists, updates and purges every record, and keeps no old index row', async () => {
    const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('v1'), {
      allowInsecureConnection: true,
    });
    await ensureTable(table);
    const now = new Date();
    const due = [-3, -9, -1].map((minutes, i) =>
      anOperationRecord({
        nextCheckAt: minutesFrom(now, minutes),
        createdDateTime: minutesFrom(now, -30 - i),
      }),
    );
    const later = anOperationRecord({
      nextCheckAt: minutesFrom(now, 10),
      createdDateTime: minutesFrom(now, -20),
    });
    const old = minutesFrom(now, -10 * 24 * 60);
    const finished = aFinishedRecord({ createdDateTime: old, lastActionDateTime: old });
    await writeSchemaOne(table, [...due, later, finished]);

    // A record read before the upgrade can still be written, and moves out of the old index.
    const store = createTableOperationStore(table);
    const early = await store.get(due[2]!.id);
    await store.update({ ...due[2]!, nextCheckAt: minutesFrom(now, -2), checkCount: 1 }, early!.etag);

    const listedDue = await store.listDue(now, 10);
    expect(listedDue.map((s) => s.record.id)).toEqual([due[1]!.id, due[0]!.id, due[2]!.id]);
    expect(listedDue[2]?.record.checkCount).toBe(1);

    const page = await store.list({ top: 100 });
    expect(page.items.map((r) => r.id)).toEqual([later.id, due[0]!.id, due[1]!.id, due[2]!.id, finished.id]);

    const read = await store.get(later.id);
    expect(read?.record).toEqual(later);
    await store.update({ ...later, status: 'Succeeded', nextCheckAt: undefined }, read!.etag);
    await store.update({ ...due[0]!, checkCount: 2 }, listedDue[1]!.etag);
    expect((await store.get(due[0]!.id))?.record.checkCount).toBe(2);

    expect(await store.purgeFinishedBefore(new Date(minutesFrom(now, -24 * 60)))).toBe(1);
    expect(await store.get(finished.id)).toBeUndefined();

    const legacyRows: string[] = [];
    const legacy = odata`RowKey gt ${'~due~'} and RowKey lt ${'~due~~'}`;
    for await (const row of table.listEntities({ queryOptions: { filter: legacy } }))
      legacyRows.push(row.rowKey!);
    expect(legacyRows).toEqual([]);
    expect(await dueIndexIds(table)).toEqual(due.map((r) => r.id).sort());

    // A second store (another instance, a restart) finds the table upgraded and the same answers.
    const again = createTableOperationStore(table);
    expect((await again.listDue(now, 10)).map((s) => s.record.id)).toEqual([
      due[1]!.id,
      due[0]!.id,
      due[2]!.id,
    ]);
  });
});

describe('TableOperationStore: the target index', () => {
  it('lists the operations on a target that are not over, oldest accepted first', async () => {
    const { store } = await freshStore();
    const base = new Date();
    const key = 'customvoice-endpoint/simulator/9f50c644-2121-40e9-9ea7-544e48bfe3cb';
    const [first, second, third] = [0, 1, 2].map((minute) =>
      anOperationRecord({ status: 'NotStarted', targetKey: key, createdDateTime: minutesFrom(base, minute) }),
    );
    const elsewhere = anOperationRecord({ status: 'NotStarted', targetKey: `${key}-other` });
    const unkeyed = anOperationRecord({ status: 'NotStarted' });
    await createAll(store, [third!, first!, second!, elsewhere, unkeyed]);
    expect((await store.listInFlightOn(key)).map((o) => o.id)).toEqual([first!.id, second!.id, third!.id]);

    const stored = await store.get(first!.id);
    const running = await store.update({ ...first!, status: 'Running' }, stored!.etag);
    expect((await store.listInFlightOn(key))[0]).toMatchObject({ id: first!.id, status: 'Running' });
    await store.update({ ...first!, status: 'Succeeded' }, running.etag);
    expect((await store.listInFlightOn(key)).map((o) => o.id)).toEqual([second!.id, third!.id]);
  });

  it('changes nothing in the index when the write is refused', async () => {
    const { store } = await freshStore();
    const key = 'customvoice-endpoint/simulator/one';
    const record = anOperationRecord({ status: 'NotStarted', targetKey: key });
    const created = await store.create(record);
    await store.update({ ...record, checkCount: 1 }, created.etag);
    await expect(store.update({ ...record, status: 'Succeeded' }, created.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect((await store.listInFlightOn(key)).map((o) => o.id)).toEqual([record.id]);
  });

  it('keeps no target row once an operation is over, whether read by id or listed as due', async () => {
    const { store, table } = await freshStore();
    const key = 'customvoice-endpoint/simulator/two';
    const [byId, listed] = [0, 1].map(() =>
      anOperationRecord({ status: 'Running', targetKey: key, nextCheckAt: new Date(0).toISOString() }),
    );
    await createAll(store, [byId!, listed!]);
    expect(await targetRows(table)).toHaveLength(2);
    const read = await store.get(byId!.id);
    await store.update({ ...byId!, status: 'Succeeded', nextCheckAt: undefined }, read!.etag);
    const due = (await store.listDue(new Date(), 10)).find((d) => d.record.id === listed!.id);
    await store.update({ ...listed!, status: 'Failed', nextCheckAt: undefined }, due!.etag);
    expect(await targetRows(table)).toHaveLength(0);
    expect(await store.listInFlightOn(key)).toEqual([]);
  });

  it('ends an operation whose target row is already gone, and writes none for one created over', async () => {
    const { store, table } = await freshStore();
    const key = 'customvoice-endpoint/simulator/three';
    const record = anOperationRecord({ status: 'Running', targetKey: key });
    const created = await store.create(record);
    // Gone as after a purge of a crash's leftovers, or never written by an older version.
    for (const row of await targetRows(table)) await table.deleteEntity(row.partitionKey, row.rowKey);
    const ended = await store.update({ ...record, status: 'Succeeded' }, created.etag);
    expect(ended.record.status).toBe('Succeeded');
    expect((await store.get(record.id))?.record.status).toBe('Succeeded');

    await store.create(anOperationRecord({ status: 'Failed', targetKey: key }));
    expect(await targetRows(table)).toHaveLength(0);
  });
});

/** The raw target-index rows. */
async function targetRows(table: TableClient): Promise<{ partitionKey: string; rowKey: string }[]> {
  const rows: { partitionKey: string; rowKey: string }[] = [];
  const filter = odata`RowKey gt ${TARGET_PREFIX} and RowKey lt ${TARGET_RANGE_END}`;
  for await (const row of table.listEntities({ queryOptions: { filter } })) {
    rows.push({ partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '' });
  }
  return rows;
}
