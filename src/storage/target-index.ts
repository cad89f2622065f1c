/**
 * The target index of the operations table: one row per record that has a `targetKey` (see
 * `OperationRecord.targetKey`), written in the same entity-group transaction as the record, so "which
 * operations on this target are not over yet" is one small range query, in acceptance order:
 *
 *   `~tgt~{hash of targetKey}~{createdDateTime}~{id}`   operationId, status, createdDateTime, nextCheckAt
 *
 * The row follows the record's status on every write, and goes in the transaction that ends the record.
 * Rows that say terminal (written by an earlier version, which deleted them after the transaction) are
 * skipped, so nothing waits for them; the purge removes them.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { isTerminalStatus, type OperationRecord, type OperationStatus } from '../domain/operation.js';
import type { InFlightOperation } from './operation-store.js';
import { PARTITION_KEY } from './operation-table-layout.js';

export const TARGET_PREFIX = '~tgt~';
export const TARGET_RANGE_END = '~tgt~~';

export type TargetEntity = {
  partitionKey: string;
  rowKey: string;
  operationId: string;
  status: string;
  createdDateTime: string;
  /** '' when the record has none. */
  nextCheckAt: string;
};

/** Row keys may not hold `/`, `\`, `#`, `?`: the caller's key is hashed into a fixed-length one. */
function targetPrefixOf(targetKey: string): string {
  return `${TARGET_PREFIX}${createHash('sha256').update(targetKey).digest('hex').slice(0, 32)}~`;
}

function targetRowKey(record: OperationRecord): string {
  return `${targetPrefixOf(record.targetKey ?? '')}${new Date(record.createdDateTime).toISOString()}~${record.id}`;
}

/**
 * The transaction actions that keep the record's target row in step with it; none without a key. A
 * write that ends the record deletes the row in the same transaction (`isTargetRowDelete` tells the
 * store that this delete may find the row gone already); a record created already over gets none.
 */
export function targetRowActions(record: OperationRecord, write: 'create' | 'update'): TransactionAction[] {
  // Once its event is out, a terminal record's row went with the write that ended it.
  if (record.targetKey === undefined || record.eventPublishedDateTime !== undefined) return [];
  const rowKey = targetRowKey(record);
  if (isTerminalStatus(record.status)) {
    return write === 'create' ? [] : [['delete', { partitionKey: PARTITION_KEY, rowKey }]];
  }
  const entity: TargetEntity = {
    partitionKey: PARTITION_KEY,
    rowKey,
    operationId: record.id,
    status: record.status,
    createdDateTime: new Date(record.createdDateTime).toISOString(),
    nextCheckAt: record.nextCheckAt ?? '',
  };
  return [['upsert', entity, 'Replace']];
}

/** True for the action `targetRowActions` uses to delete a row: a row already gone is not a failure. */
export function isTargetRowDelete(action: TransactionAction): boolean {
  return action[0] === 'delete' && (action[1].rowKey ?? '').startsWith(TARGET_PREFIX);
}

/** The operations on `targetKey` that are not over, oldest accepted first. */
export async function listInFlightOn(
  tableClient: TableClient,
  targetKey: string,
): Promise<InFlightOperation[]> {
  const prefix = targetPrefixOf(targetKey);
  const filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${prefix} and RowKey lt ${`${prefix}~`}`;
  const found: InFlightOperation[] = [];
  for await (const row of tableClient.listEntities<TargetEntity>({ queryOptions: { filter } })) {
    const status = row.status as OperationStatus;
    if (isTerminalStatus(status)) continue;
    found.push({
      id: row.operationId,
      status,
      createdDateTime: row.createdDateTime,
      ...(row.nextCheckAt ? { nextCheckAt: row.nextCheckAt } : {}),
    });
  }
  return found;
}

/** Rows of finished records left by a crash between a write and its follow-up delete. */
export async function purgeFinishedTargetRows(tableClient: TableClient): Promise<void> {
  const filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${TARGET_PREFIX} and RowKey lt ${TARGET_RANGE_END}`;
  for await (const row of tableClient.listEntities<TargetEntity>({ queryOptions: { filter } })) {
    if (!isTerminalStatus(row.status as OperationStatus)) continue;
    try {
      await tableClient.deleteEntity(PARTITION_KEY, row.rowKey ?? '', { etag: row.etag });
    } catch {
      // Gone already, or changed: either way not ours to delete now.
    }
  }
}
