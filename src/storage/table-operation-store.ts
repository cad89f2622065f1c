/**
 * The operation store on Azure Table Storage. Rows and keys: `operation-table-layout.ts`.
 *
 * - Every write of a record writes its index rows in the same entity-group transaction (all or nothing),
 *   so after a crash the record and its index rows cannot disagree.
 * - `listDue` is ONE range query over the due index, whose keys start with the due time: the service
 *   returns the oldest due rows first and stops at `limit`, so a poll reads what it asked for, whatever
 *   the number of pending records (and never finished history, which has no due rows). It returns the
 *   records from the rows' copies, with the due row's ETag instead of the record's.
 * - `update` with a record ETag puts it on the record action; with a due-row ETag it puts it on the due
 *   row instead: every write of a pending record rewrites or empties its due row, so an unchanged due row
 *   proves an unchanged record. Either way a stale ETag fails the whole transaction (412), nothing changes.
 *   Table transactions cannot delete conditionally, so a due row that must go under an ETag is emptied
 *   in the transaction (`listDue` skips empty rows) and deleted after the commit.
 * - `list` pages through the list index, newest first, filtered server-side by `status` and `kind`.
 * - `purgeFinishedBefore` scans the list index for finished records (a background job).
 * - A table written by schema 1 is upgraded in place before the first `listDue`, `list` or purge
 *   (`operation-table-upgrade.ts`); `get` and `update` read both layouts.
 *
 * Hand-deleting a record means deleting its `~at~` and `~new~` rows too: a due row left without its
 * record is dropped the first time a poller tries to write through it, but if the same id is created
 * again before that, the stale row could write over the new record.
 *
 * One partition caps throughput at Table Storage's per-partition target (about 2 000 entities/s),
 * far above what this app writes; it is the price of atomic record+index writes.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { OPERATION_ID_PATTERN } from '../shared/ids.js';
import { TERMINAL_STATUSES, type OperationRecord } from '../domain/operation.js';
import { memoizeAsync } from '../shared/memoize.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import {
  ConcurrencyConflictError,
  InvalidContinuationTokenError,
  OperationAlreadyExistsError,
} from './errors.js';
import {
  DUE_PREFIX,
  DUE_RANGE_END,
  LIST_PREFIX,
  LIST_RANGE_END,
  PARTITION_KEY,
  PING_ROW_KEY,
  decodeGuard,
  dueRowKeyOf,
  emptiedDueEntity,
  encodeGuard,
  parseRecord,
  toDueEntity,
  toListEntity,
  toRecordEntity,
  type DueEntity,
  type ListEntity,
  type RecordEntity,
} from './operation-table-layout.js';
import { upgradeOperationTable } from './operation-table-upgrade.js';
import {
  isTargetRowDelete,
  listInFlightOn,
  purgeFinishedTargetRows,
  targetRowActions,
} from './target-index.js';
import type { OperationPage, OperationQuery, OperationStore, StoredOperation } from './operation-store.js';
import { failedActionIndex, statusCodeOf } from './table-errors.js';

export { InvalidContinuationTokenError } from './errors.js';
export { MAX_RECORD_JSON_CHARS } from './operation-table-layout.js';

const MAX_PAGE_SIZE = 1000;
/** A filtered page may need several server calls (each scans a slice); stop here and hand a token back. */
const MAX_SERVER_CALLS_PER_PAGE = 10;
const PURGE_CONCURRENCY = 8;
const DEFAULT_PING_TIMEOUT_IN_MS = 5_000;

export interface TableOperationStoreOptions {
  /** How long `ping` waits for storage before giving up; default 5 000 ms (the SDK would retry longer). */
  pingTimeoutInMs?: number;
}

/** The store over `tableClient`, whose table must exist (see `ensureTable`). */
export function createTableOperationStore(
  tableClient: TableClient,
  options: TableOperationStoreOptions = {},
): OperationStore {
  const pingTimeoutInMs = options.pingTimeoutInMs ?? DEFAULT_PING_TIMEOUT_IN_MS;
  const upgraded = memoizeAsync(() => upgradeOperationTable(tableClient));

  async function get(id: string): Promise<StoredOperation | undefined> {
    // An id outside the pattern cannot have been stored, and must not reach a RowKey (e.g. `~at~x`).
    if (!OPERATION_ID_PATTERN.test(id)) return undefined;
    try {
      const entity = await tableClient.getEntity<RecordEntity>(PARTITION_KEY, id);
      return {
        record: parseRecord(entity),
        etag: encodeGuard({ by: 'record', dueRowKey: dueRowKeyOf(entity), etag: entity.etag }),
      };
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** The stored record after a write whose first action was the record's. */
  async function storedAfterWrite(entity: RecordEntity, etag: string | undefined): Promise<StoredOperation> {
    const record = parseRecord(entity);
    if (etag?.trim()) {
      return {
        record,
        etag: encodeGuard({ by: 'record', dueRowKey: dueRowKeyOf(entity), etag: etag.trim() }),
      };
    }
    // Not seen with Azure or Azurite, but an ETag is what protects the next write: read it back.
    const stored = await get(record.id);
    if (!stored) throw new ConcurrencyConflictError(record.id);
    return stored;
  }

  async function create(record: OperationRecord): Promise<StoredOperation> {
    const entity = toRecordEntity(record);
    const actions: TransactionAction[] = [
      ['create', entity],
      ['upsert', toListEntity(entity), 'Replace'],
    ];
    if (entity.nextCheckAt) actions.push(['upsert', toDueEntity(entity), 'Replace']);
    actions.push(...targetRowActions(record, 'create'));
    let response;
    try {
      response = await tableClient.submitTransaction(actions);
    } catch (error) {
      if (statusCodeOf(error) === 409) throw new OperationAlreadyExistsError(record.id, { cause: error });
      throw error;
    }
    return storedAfterWrite(entity, response.subResponses[0]?.etag);
  }

  async function update(record: OperationRecord, etag: string): Promise<StoredOperation> {
    const entity = toRecordEntity(record);
    const guard = decodeGuard(etag);
    // Not one of ours (or from before a restart of an older version): it cannot match anything.
    if (!guard) throw new ConcurrencyConflictError(record.id);
    // The target row rides at the end of the transaction, so the action indexes below stay as they are.
    const targetActions = targetRowActions(record, 'update');
    return guard.by === 'due'
      ? updateGuardedByDueRow(entity, guard.dueRowKey, guard.etag, targetActions)
      : updateGuardedByRecord(entity, guard.dueRowKey, guard.etag, targetActions);
  }

  /**
   * Submits the transaction; a delete in it that found its row gone already (`mayBeGone`) is dropped and
   * the rest submitted again, since what the delete was for holds. Action indexes in an error thrown
   * from here are those of the transaction that was last submitted.
   */
  async function submitDroppingGone(
    actions: TransactionAction[],
    mayBeGone: (action: TransactionAction) => boolean,
  ) {
    let remaining = actions;
    for (;;) {
      try {
        return await tableClient.submitTransaction(remaining);
      } catch (error) {
        const failed = remaining[failedActionIndex(error) ?? -1];
        if (statusCodeOf(error) !== 404 || failed === undefined || !mayBeGone(failed)) throw error;
        remaining = remaining.filter((action) => action !== failed);
      }
    }
  }

  /** The caller read the record itself (`get`, `create`, `update`): its ETag guards the record row. */
  async function updateGuardedByRecord(
    entity: RecordEntity,
    oldDueRowKey: string,
    etag: string,
    targetActions: TransactionAction[],
  ): Promise<StoredOperation> {
    const recordAction: TransactionAction = ['update', entity, 'Replace', { etag }];
    const newDueRowKey = dueRowKeyOf(entity);
    const indexActions: TransactionAction[] = [['upsert', toListEntity(entity), 'Replace']];
    if (newDueRowKey) indexActions.push(['upsert', toDueEntity(entity), 'Replace']);
    indexActions.push(...targetActions);
    // The record's ETag guards the transaction, so the old due row can go unconditionally.
    const deleteOld: TransactionAction[] =
      oldDueRowKey && oldDueRowKey !== newDueRowKey
        ? [['delete', { partitionKey: PARTITION_KEY, rowKey: oldDueRowKey }]]
        : [];
    // The old due row may be gone (an emptied row whose delete already happened), and so may the target
    // row: either way the rest is the change.
    const mayBeGone = (action: TransactionAction): boolean =>
      deleteOld.includes(action) || isTargetRowDelete(action);
    try {
      const response = await submitDroppingGone([recordAction, ...deleteOld, ...indexActions], mayBeGone);
      return await storedAfterWrite(entity, response.subResponses[0]?.etag);
    } catch (error) {
      const status = statusCodeOf(error);
      // 412: someone wrote the record since it was read; 404: the record itself is gone (a purge won).
      if (status === 412 || status === 404) {
        throw new ConcurrencyConflictError(entity.rowKey, { cause: error });
      }
      throw error;
    }
  }

  /**
   * The caller read the record from its due row (`listDue`). Every write of a record that has a due row
   * replaces or empties that row in the same transaction, so "the due row still has the ETag I read"
   * means "nobody wrote the record since": the due row's ETag guards the transaction.
   */
  async function updateGuardedByDueRow(
    entity: RecordEntity,
    oldDueRowKey: string,
    dueEtag: string,
    targetActions: TransactionAction[],
  ): Promise<StoredOperation> {
    const newDueRowKey = dueRowKeyOf(entity);
    const movesOut = oldDueRowKey !== newDueRowKey;
    const actions: TransactionAction[] = [
      ['update', entity, 'Replace', { etag: '*' }],
      [
        'update',
        movesOut ? emptiedDueEntity(oldDueRowKey, entity.rowKey) : toDueEntity(entity),
        'Replace',
        { etag: dueEtag },
      ],
      ['upsert', toListEntity(entity), 'Replace'],
    ];
    if (movesOut && newDueRowKey) actions.push(['upsert', toDueEntity(entity), 'Replace']);
    actions.push(...targetActions);
    let response;
    try {
      response = await submitDroppingGone(actions, isTargetRowDelete);
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 404 && failedActionIndex(error) === 0) {
        // A due row whose record is gone (deleted by hand): drop it so it stops coming back as due.
        await deleteRowQuietly(oldDueRowKey, dueEtag);
      }
      if (status === 412 || status === 404) {
        throw new ConcurrencyConflictError(entity.rowKey, { cause: error });
      }
      throw error;
    }
    const emptiedEtag = response.subResponses[1]?.etag?.trim();
    if (movesOut && emptiedEtag) await deleteRowQuietly(oldDueRowKey, emptiedEtag);
    return storedAfterWrite(entity, response.subResponses[0]?.etag);
  }

  /** Best effort: a row left behind is empty, skipped by listDue and removed by the next purge. */
  async function deleteRowQuietly(rowKey: string, etag: string): Promise<void> {
    try {
      await tableClient.deleteEntity(PARTITION_KEY, rowKey, { etag });
    } catch {
      // See above: harmless to leave.
    }
  }

  async function listDue(now: Date, limit: number): Promise<StoredOperation[]> {
    if (limit <= 0) return [];
    await upgraded();
    // Keys sort by due time, then id (which sorts before `~`): everything up to `{now}~~` is due.
    // `nextCheckAt gt ''` skips rows emptied by a write whose delete did not happen (see above).
    const filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${DUE_PREFIX} and RowKey lt ${`${DUE_PREFIX}${now.toISOString()}~~`} and nextCheckAt gt ${''}`;
    const due: StoredOperation[] = [];
    const pages = tableClient
      .listEntities<DueEntity>({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.min(limit, MAX_PAGE_SIZE) });
    for await (const page of pages) {
      for (const row of page) {
        if (due.length >= limit) break;
        due.push({
          record: parseRecord(row),
          etag: encodeGuard({ by: 'due', dueRowKey: row.rowKey ?? '', etag: row.etag }),
        });
      }
      if (due.length >= limit) break;
    }
    return due;
  }

  async function list(query: OperationQuery): Promise<OperationPage> {
    if (!Number.isInteger(query.top) || query.top < 1 || query.top > MAX_PAGE_SIZE) {
      throw new RangeError(`top must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
    }
    await upgraded();
    let sdkToken =
      query.continuationToken === undefined ? undefined : decodeContinuationToken(query.continuationToken);
    let filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${LIST_PREFIX} and RowKey lt ${LIST_RANGE_END}`;
    if (query.status) filter += odata` and status eq ${query.status}`;
    if (query.kind) filter += odata` and kind eq ${query.kind}`;

    const items: OperationRecord[] = [];
    for (let calls = 0; calls < MAX_SERVER_CALLS_PER_PAGE && items.length < query.top; calls++) {
      // Asking for exactly the missing count keeps the service's token on our page boundary.
      const pages = tableClient.listEntities<ListEntity>({ queryOptions: { filter } }).byPage({
        maxPageSize: query.top - items.length,
        ...(sdkToken ? { continuationToken: sdkToken } : {}),
      });
      let page;
      try {
        page = await pages.next();
      } catch (error) {
        // The service refuses a well-formed token whose keys it did not issue.
        if (sdkToken !== undefined && statusCodeOf(error) === 400) {
          throw new InvalidContinuationTokenError({ cause: error });
        }
        throw error;
      }
      if (page.done === true) {
        sdkToken = undefined;
        break;
      }
      // An emptied row is a record being purged (see purgeFinishedBefore): it is gone for the reader.
      for (const entity of page.value) if (entity.recordJson) items.push(parseRecord(entity));
      sdkToken = page.value.continuationToken;
      if (sdkToken === undefined) break;
    }
    return {
      items,
      ...(sdkToken === undefined ? {} : { continuationToken: encodeContinuationToken(sdkToken) }),
    };
  }

  async function purgeFinishedBefore(cutoff: Date): Promise<number> {
    await upgraded();
    const terminal = TERMINAL_STATUSES.map((status) => odata`status eq ${status}`).join(' or ');
    const finished =
      odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${LIST_PREFIX} and RowKey lt ${LIST_RANGE_END} and nextCheckAt eq ${''} and lastActionDateTime lt ${cutoff.toISOString()}` +
      ` and (${terminal})`;
    let purged = 0;
    const pages = tableClient
      .listEntities<ListEntity>({ queryOptions: { filter: finished } })
      .byPage({ maxPageSize: MAX_PAGE_SIZE });
    for await (const page of pages) {
      await mapWithConcurrency(page, PURGE_CONCURRENCY, async (row) => {
        if (await purgeOne(row)) purged++;
      });
    }
    // Due rows emptied by a write whose follow-up delete did not happen (a crash): rare, never counted.
    const emptied = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${DUE_PREFIX} and RowKey lt ${DUE_RANGE_END} and nextCheckAt eq ${''}`;
    for await (const row of tableClient.listEntities<DueEntity>({ queryOptions: { filter: emptied } })) {
      await deleteRowQuietly(row.rowKey ?? '', row.etag);
    }
    await purgeFinishedTargetRows(tableClient);
    return purged;
  }

  /**
   * Deletes one finished record if it is unchanged since its list row was read: the list row is written
   * with every write of its record, so its ETag guards the record too. The record goes in a transaction
   * that also empties the list row; the empty list row is deleted after, or by the next purge.
   */
  async function purgeOne(row: ListEntity & { etag: string }): Promise<boolean> {
    const listRow = { partitionKey: PARTITION_KEY, rowKey: row.rowKey, recordJson: '' };
    let emptiedEtag: string | undefined;
    let deleted = false;
    try {
      const response = await tableClient.submitTransaction([
        ['update', listRow, 'Merge', { etag: row.etag }],
        ['delete', { partitionKey: PARTITION_KEY, rowKey: row.operationId }],
      ]);
      emptiedEtag = response.subResponses[0]?.etag?.trim();
      deleted = true;
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 412) return false;
      // The record was deleted already (by a purge that stopped before removing this row): finish it.
      if (status === 404 && failedActionIndex(error) === 1) emptiedEtag = row.etag;
      else if (status === 404) return false;
      else throw error;
    }
    if (emptiedEtag) await deleteRowQuietly(row.rowKey, emptiedEtag);
    return deleted;
  }

  async function ping(): Promise<void> {
    // A point query on a row that never exists: one cheap round trip, and it fails if the table is gone.
    const pages = tableClient
      .listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${PARTITION_KEY} and RowKey eq ${PING_ROW_KEY}` },
        abortSignal: AbortSignal.timeout(pingTimeoutInMs),
      })
      .byPage({ maxPageSize: 1 });
    await pages.next();
  }

  return {
    get,
    create,
    update,
    listDue,
    list,
    listInFlightOn: (targetKey) => listInFlightOn(tableClient, targetKey),
    purgeFinishedBefore,
    ping,
  };
}

/**
 * Our token wraps the SDK's (base64 JSON of the service's NextPartitionKey/NextRowKey) as base64url JSON
 * with a version, so it is URL-safe and we can tell our own tokens from garbage.
 */
const continuationTokenSchema = z.strictObject({
  v: z.literal(1),
  nextPartitionKey: z.string().min(1),
  nextRowKey: z.string().min(1).optional(),
});
const sdkTokenSchema = z.object({
  nextPartitionKey: z.string().min(1),
  nextRowKey: z.string().min(1).optional(),
});

function encodeContinuationToken(sdkToken: string): string {
  const keys = sdkTokenSchema.parse(JSON.parse(Buffer.from(sdkToken, 'base64').toString('utf8')));
  return Buffer.from(JSON.stringify({ v: 1, ...keys }), 'utf8').toString('base64url');
}

function decodeContinuationToken(token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidContinuationTokenError();
  let parsed: z.infer<typeof continuationTokenSchema>;
  try {
    parsed = continuationTokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch (error) {
    throw new InvalidContinuationTokenError({ cause: error });
  }
  const { nextPartitionKey, nextRowKey } = parsed;
  return Buffer.from(
    JSON.stringify({ nextPartitionKey, ...(nextRowKey === undefined ? {} : { nextRowKey }) }),
    'utf8',
  ).toString('base64');
}
