/**
 * Brings an operations table written by schema 1 (records plus a `~due~{id}` index in id order) to
 * schema 2 (`operation-table-layout.ts`), once, in place:
 *  1. every schema-1 record gets its list row and a `dueRowKey` column (still naming its `~due~` row);
 *  2. every `~due~{id}` row becomes a `~at~{nextCheckAt}~{id}` row, and the record's column follows;
 *  3. the `~schema` row says 2, so the next process reads one row and is done.
 * Each step is a transaction guarded by the ETag it read, so a schema-2 writer running at the same time
 * wins (its own write already has the new layout) and the upgrade skips that row. Running it twice, or
 * from two processes at once, does nothing more.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import {
  LEGACY_DUE_PREFIX,
  LEGACY_DUE_RANGE_END,
  INDEX_ROWS_START,
  PARTITION_KEY,
  SCHEMA_ROW_KEY,
  SCHEMA_VERSION,
  dueRowKey,
  emptiedDueEntity,
  legacyDueRowKey,
  toListEntity,
  type DueEntity,
  type RecordEntity,
} from './operation-table-layout.js';
import { failedActionIndex, statusCodeOf } from './table-errors.js';

type SchemaEntity = { partitionKey: string; rowKey: string; version: number };

export async function upgradeOperationTable(table: TableClient): Promise<void> {
  if ((await schemaVersionOf(table)) >= SCHEMA_VERSION) return;
  await addListRows(table);
  await moveLegacyDueRows(table);
  await table.upsertEntity<SchemaEntity>(
    { partitionKey: PARTITION_KEY, rowKey: SCHEMA_ROW_KEY, version: SCHEMA_VERSION },
    'Replace',
  );
}

async function schemaVersionOf(table: TableClient): Promise<number> {
  try {
    const row = await table.getEntity<SchemaEntity>(PARTITION_KEY, SCHEMA_ROW_KEY);
    return typeof row.version === 'number' ? row.version : 1;
  } catch (error) {
    if (statusCodeOf(error) === 404) return 1;
    throw error;
  }
}

async function addListRows(table: TableClient): Promise<void> {
  const filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey lt ${INDEX_ROWS_START} and schemaVersion lt ${SCHEMA_VERSION}`;
  for await (const row of table.listEntities<RecordEntity>({ queryOptions: { filter } })) {
    const entity: RecordEntity = {
      ...pickRecordColumns(row),
      schemaVersion: SCHEMA_VERSION,
      dueRowKey: row.nextCheckAt ? legacyDueRowKey(row.rowKey) : '',
    };
    await ignoringLostRaces(() =>
      table.submitTransaction([
        ['update', entity, 'Replace', { etag: row.etag }],
        ['upsert', toListEntity(entity), 'Replace'],
      ]),
    );
  }
}

async function moveLegacyDueRows(table: TableClient): Promise<void> {
  const filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${LEGACY_DUE_PREFIX} and RowKey lt ${LEGACY_DUE_RANGE_END}`;
  for await (const row of table.listEntities<DueEntity>({ queryOptions: { filter } })) {
    const etag = row.etag;
    if (!row.nextCheckAt || !row.recordJson) {
      await deleteQuietly(table, row.rowKey, etag);
      continue;
    }
    const id = row.operationId;
    const newKey = dueRowKey(id, row.nextCheckAt);
    const actions: TransactionAction[] = [
      // Emptied under its ETag (a transaction cannot delete conditionally), deleted after the commit.
      ['update', emptiedDueEntity(row.rowKey, id), 'Replace', { etag }],
      [
        'upsert',
        {
          partitionKey: PARTITION_KEY,
          rowKey: newKey,
          operationId: id,
          nextCheckAt: row.nextCheckAt,
          recordJson: row.recordJson,
        } satisfies DueEntity,
        'Replace',
      ],
      ['update', { partitionKey: PARTITION_KEY, rowKey: id, dueRowKey: newKey }, 'Merge', { etag: '*' }],
    ];
    try {
      const response = await table.submitTransaction(actions);
      await deleteQuietly(table, row.rowKey, response.subResponses[0]?.etag?.trim() ?? etag);
    } catch (error) {
      const status = statusCodeOf(error);
      // The record is gone (deleted by hand): its index row has nothing to point at.
      if (status === 404 && failedActionIndex(error) === 2) await deleteQuietly(table, row.rowKey, etag);
      else if (status !== 412 && status !== 404) throw error;
    }
  }
}

function pickRecordColumns(row: RecordEntity): RecordEntity {
  return {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey,
    schemaVersion: row.schemaVersion,
    recordJson: row.recordJson,
    status: row.status,
    kind: row.kind,
    action: row.action,
    createdDateTime: row.createdDateTime,
    lastActionDateTime: row.lastActionDateTime,
    nextCheckAt: row.nextCheckAt,
  };
}

/** 412/404: a schema-2 writer changed the row since it was read, and wrote the new layout itself. */
async function ignoringLostRaces(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const status = statusCodeOf(error);
    if (status !== 412 && status !== 404) throw error;
  }
}

async function deleteQuietly(table: TableClient, rowKey: string, etag: string): Promise<void> {
  await ignoringLostRaces(() => table.deleteEntity(PARTITION_KEY, rowKey, { etag }));
}
