import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { OperationRecord } from '../domain/operation.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import { toDueEntity, toListEntity, toRecordEntity } from './operation-table-layout.js';

/** Rows of one partition per entity-group transaction: at most 100, i.e. 33 records with their index rows. */
const RECORDS_PER_TRANSACTION = 33;

/**
 * Writes many new records fast, with exactly the rows `create` writes (record, list row, due row when
 * pending), 33 records to a transaction: for seeding and benchmarks. All or nothing per transaction: one
 * existing id fails its whole transaction with the service's 409. The table must exist.
 */
export async function createOperationsInBulk(
  tableClient: TableClient,
  records: readonly OperationRecord[],
  concurrency = 4,
): Promise<void> {
  const chunks: OperationRecord[][] = [];
  for (let i = 0; i < records.length; i += RECORDS_PER_TRANSACTION) {
    chunks.push(records.slice(i, i + RECORDS_PER_TRANSACTION));
  }
  await mapWithConcurrency(chunks, concurrency, async (chunk) => {
    const actions: TransactionAction[] = [];
    for (const record of chunk) {
      const entity = toRecordEntity(record);
      actions.push(['create', entity], ['upsert', toListEntity(entity), 'Replace']);
      if (entity.nextCheckAt) actions.push(['upsert', toDueEntity(entity), 'Replace']);
    }
    await tableClient.submitTransaction(actions);
  });
}
