import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { OperationRecord } from '../domain/operation.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { toDueEntity, toListEntity, toRecordEntity } from './operation-table-layout.js';

/** Rows of one partition per entity-group transaction: at most 100, i.e. 33 records with their index rows. */
const RECORDS_PER_TRANSACTION = 33;

/**
 * Writes many new records fast, with the rows `create` writes for a record without a target key
 * (record, list row, due row when pending), 33 records to a transaction: for seeding and benchmarks.
 * A record with a target key (a custom voice suspend or resume) would also need its target row, which
 * does not fit 33 to a transaction: it is refused before anything is written. All or nothing per
 * transaction: one existing id, or an index row already there, fails its whole transaction with the
 * service's 409. The table must exist.
 *
 * The index rows are inserted where `create` upserts them: a new record's index rows carry its id, so
 * they cannot be there already, and Azurite finds a row by comparing the RowKey of every row in its
 * partition, once for an insert and twice for an upsert. 3 such scans a record instead of 5 took
 * seeding 10 000 records (one partition) from about 150 s to about 25 s on this machine.
 */
export async function createOperationsInBulk(
  tableClient: TableClient,
  records: readonly OperationRecord[],
  concurrency = 4,
): Promise<void> {
  const targeted = records.find((record) => record.targetKey !== undefined);
  if (targeted) {
    throw new RangeError(
      `Operation ${targeted.id} has a target key: create it with the store's create, which writes its target row.`,
    );
  }
  const chunks: OperationRecord[][] = [];
  for (let i = 0; i < records.length; i += RECORDS_PER_TRANSACTION) {
    chunks.push(records.slice(i, i + RECORDS_PER_TRANSACTION));
  }
  await mapWithConcurrency(chunks, concurrency, async (chunk) => {
    const actions: TransactionAction[] = [];
    for (const record of chunk) {
      const entity = toRecordEntity(record);
      actions.push(['create', entity], ['create', toListEntity(entity)]);
      if (entity.nextCheckAt) actions.push(['create', toDueEntity(entity)]);
    }
    await tableClient.submitTransaction(actions);
  });
}
