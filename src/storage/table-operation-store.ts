/**
 * The operation store on Azure Table Storage.
 *
 * Layout: every row lives in ONE partition (`op`), so any set of rows can change together in an
 * entity-group transaction (`submitTransaction`: all or nothing, up to 100 rows of one partition).
 *
 *   RowKey `{id}`        the record: `recordJson` (the whole OperationRecord as JSON) plus the columns
 *                        that queries filter on: `status`, `kind` (target kind), `action`,
 *                        `createdDateTime`, `lastActionDateTime`, `nextCheckAt` ('' when none), all
 *                        timestamps normalised to `Date.toISOString()` so string order is time order.
 *   RowKey `~due~{id}`   the due index: exactly one row per record that has a `nextCheckAt`, holding
 *                        that time and a copy of `recordJson`. It is written, replaced or deleted in the
 *                        same transaction as the record, so after a crash the two cannot disagree.
 *
 * Ids match OPERATION_ID_PATTERN (letters, digits, `.`, `_`, `-`), all of which sort before `~`: the
 * range `RowKey < '~'` holds only records and `'~due~' < RowKey < '~due~~'` only index rows.
 *
 * - `listDue` is ONE range query over the index rows (cost grows with the pending records, never with
 *   finished history, which has no index rows), ordered by (`nextCheckAt`, id) here. It returns the
 *   records from the copies, with the index row's ETag (prefixed `due:`) instead of the record's.
 * - `update` with a record ETag puts it on the record action inside the transaction; with a `due:` ETag
 *   it puts it on the index row action instead: every write of a pending record rewrites its index
 *   row, so an unchanged index row proves an unchanged record. Either way a stale ETag fails the whole
 *   transaction (412) and neither row changes.
 * - `list` pages through the records in id order (ids are UUIDs or caller keys: stable, not
 *   chronological), filtered server-side by `status` and `kind`.
 * - `purgeFinishedBefore` scans records (a background job; finished history is what it is there for).
 *
 * One partition caps throughput at Table Storage's per-partition target (about 2 000 entities/s),
 * far above what this app writes; it is the price of atomic record+index writes.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { OPERATION_ID_PATTERN } from '../shared/ids.js';
import { TERMINAL_STATUSES, type OperationRecord } from '../domain/operation.js';
import { mapWithConcurrency } from '../shared/concurrency.js';
import {
  ConcurrencyConflictError,
  InvalidContinuationTokenError,
  InvalidOperationRecordError,
  OperationAlreadyExistsError,
  OperationRecordTooLargeError,
} from './errors.js';
import type { OperationPage, OperationQuery, OperationStore, StoredOperation } from './operation-store.js';
import { failedActionIndex, statusCodeOf } from './table-errors.js';

export { InvalidContinuationTokenError } from './errors.js';

const PARTITION_KEY = 'op';
/** Every record RowKey sorts below this; every index RowKey starts with it. */
const INDEX_ROWS_START = '~';
const DUE_PREFIX = '~due~';
const DUE_RANGE_END = '~due~~';
const PING_ROW_KEY = '~ping';
/** Marks an ETag read from an index row (see `updateGuardedByIndexRow`); Table ETags start with `W/`. */
const INDEX_ETAG_PREFIX = 'due:';
/** Table Storage string properties hold at most 64 KiB of UTF-16, i.e. 32 Ki characters. */
export const MAX_RECORD_JSON_CHARS = 32 * 1024;
const SCHEMA_VERSION = 1;
const MAX_PAGE_SIZE = 1000;
/** A filtered page may need several server calls (each scans a slice); stop here and hand a token back. */
const MAX_SERVER_CALLS_PER_PAGE = 10;
const PURGE_CONCURRENCY = 8;
const DEFAULT_PING_TIMEOUT_IN_MS = 5_000;

export interface TableOperationStoreOptions {
  /** How long `ping` waits for storage before giving up; default 5 000 ms (the SDK would retry longer). */
  pingTimeoutInMs?: number;
}

// Type aliases, not interfaces: the SDK wants entities assignable to Record<string, unknown>.
type RecordEntity = {
  partitionKey: string;
  rowKey: string;
  schemaVersion: number;
  recordJson: string;
  status: string;
  kind: string;
  action: string;
  createdDateTime: string;
  lastActionDateTime: string;
  /** '' when the record has no `nextCheckAt`: Table filters cannot test for a missing property. */
  nextCheckAt: string;
};

type DueEntity = {
  partitionKey: string;
  rowKey: string;
  operationId: string;
  /** '' only in a row emptied by a clear whose delete did not happen. */
  nextCheckAt: string;
  /** A copy of the record's, so listDue needs no point reads. */
  recordJson: string;
};

/** The store over `tableClient`, whose table must exist (see `ensureTable`). */
export function createTableOperationStore(
  tableClient: TableClient,
  options: TableOperationStoreOptions = {},
): OperationStore {
  const pingTimeoutInMs = options.pingTimeoutInMs ?? DEFAULT_PING_TIMEOUT_IN_MS;

  async function get(id: string): Promise<StoredOperation | undefined> {
    // An id outside the pattern cannot have been stored, and must not reach a RowKey (e.g. `~due~x`).
    if (!OPERATION_ID_PATTERN.test(id)) return undefined;
    try {
      const entity = await tableClient.getEntity<RecordEntity>(PARTITION_KEY, id);
      return { record: parseRecord(entity), etag: entity.etag };
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Runs the actions; the record's action comes first, so its new ETag is the first sub-response. */
  async function write(entity: RecordEntity, actions: TransactionAction[]): Promise<StoredOperation> {
    const response = await tableClient.submitTransaction(actions);
    return storedAfterWrite(entity, response.subResponses[0]?.etag);
  }

  async function storedAfterWrite(entity: RecordEntity, etag: string | undefined): Promise<StoredOperation> {
    const record = parseRecord(entity);
    if (etag?.trim()) return { record, etag: etag.trim() };
    // Not seen with Azure or Azurite, but an ETag is what protects the next write: read it back.
    const stored = await get(record.id);
    if (!stored) throw new ConcurrencyConflictError(record.id);
    return stored;
  }

  async function create(record: OperationRecord): Promise<StoredOperation> {
    const entity = toRecordEntity(record);
    // Always write the index row, never `create` it: a stray row left by a record deleted by hand must
    // neither block the id nor keep an ETag that a poller could still use against the new record.
    const indexRow = entity.nextCheckAt ? toDueEntity(entity) : toClearedDueEntity(entity);
    let response;
    try {
      response = await tableClient.submitTransaction([
        ['create', entity],
        ['upsert', indexRow, 'Replace'],
      ]);
    } catch (error) {
      if (statusCodeOf(error) === 409) throw new OperationAlreadyExistsError(record.id, { cause: error });
      throw error;
    }
    const clearedEtag = response.subResponses[1]?.etag?.trim();
    if (!entity.nextCheckAt && clearedEtag) await deleteIndexRowQuietly(entity.rowKey, clearedEtag);
    return storedAfterWrite(entity, response.subResponses[0]?.etag);
  }

  async function update(record: OperationRecord, etag: string): Promise<StoredOperation> {
    const entity = toRecordEntity(record);
    return etag.startsWith(INDEX_ETAG_PREFIX)
      ? updateGuardedByIndexRow(entity, etag.slice(INDEX_ETAG_PREFIX.length))
      : updateGuardedByRecord(entity, etag);
  }

  /** The caller read the record itself (`get`, `create`, `update`): its ETag guards the record row. */
  async function updateGuardedByRecord(entity: RecordEntity, etag: string): Promise<StoredOperation> {
    const recordAction: TransactionAction = ['update', entity, 'Replace', { etag }];
    const indexAction: TransactionAction = entity.nextCheckAt
      ? ['upsert', toDueEntity(entity), 'Replace']
      : ['delete', { partitionKey: PARTITION_KEY, rowKey: dueRowKey(entity.rowKey) }];
    try {
      return await write(entity, [recordAction, indexAction]);
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 412) throw new ConcurrencyConflictError(entity.rowKey, { cause: error });
      // Deleting an index row that is not there fails the transaction with 404: the record had no
      // `nextCheckAt` before either, so the record alone is the whole change. The ETag still guards it.
      if (status === 404 && !entity.nextCheckAt && failedActionIndex(error) !== 0) {
        try {
          return await write(entity, [recordAction]);
        } catch (retryError) {
          const retryStatus = statusCodeOf(retryError);
          if (retryStatus === 412 || retryStatus === 404) {
            throw new ConcurrencyConflictError(entity.rowKey, { cause: retryError });
          }
          throw retryError;
        }
      }
      // The record itself is gone: someone else's write (a purge) won.
      if (status === 404) throw new ConcurrencyConflictError(entity.rowKey, { cause: error });
      throw error;
    }
  }

  /**
   * The caller read the record from its index row (`listDue`). Every write of a record that has an
   * index row replaces or deletes that row in the same transaction, so "the index row still has the
   * ETag I read" means "nobody wrote the record since": the index row's ETag guards the transaction.
   */
  async function updateGuardedByIndexRow(entity: RecordEntity, indexEtag: string): Promise<StoredOperation> {
    const recordAction: TransactionAction = ['update', entity, 'Replace', { etag: '*' }];
    // Table transactions cannot delete conditionally, so a clear first empties the row under the ETag
    // (listDue skips empty rows) and deletes it after the commit.
    const indexAction: TransactionAction = [
      'update',
      entity.nextCheckAt ? toDueEntity(entity) : toClearedDueEntity(entity),
      'Replace',
      { etag: indexEtag },
    ];
    let response;
    try {
      response = await tableClient.submitTransaction([recordAction, indexAction]);
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 404 && failedActionIndex(error) === 0) {
        // An index row whose record is gone (deleted by hand): drop it so it stops coming back as due.
        await deleteIndexRowQuietly(entity.rowKey, indexEtag);
      }
      if (status === 412 || status === 404) {
        throw new ConcurrencyConflictError(entity.rowKey, { cause: error });
      }
      throw error;
    }
    const clearedEtag = response.subResponses[1]?.etag?.trim();
    if (!entity.nextCheckAt && clearedEtag) await deleteIndexRowQuietly(entity.rowKey, clearedEtag);
    return storedAfterWrite(entity, response.subResponses[0]?.etag);
  }

  /** Best effort: a row left behind is empty, skipped by listDue and removed by the next purge. */
  async function deleteIndexRowQuietly(id: string, etag: string): Promise<void> {
    try {
      await tableClient.deleteEntity(PARTITION_KEY, dueRowKey(id), { etag });
    } catch {
      // See above: harmless to leave.
    }
  }

  async function listDue(now: Date, limit: number): Promise<StoredOperation[]> {
    if (limit <= 0) return [];
    // `nextCheckAt gt ''` skips rows emptied by a clear whose delete did not happen (see above).
    const filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${DUE_PREFIX} and RowKey lt ${DUE_RANGE_END} and nextCheckAt gt ${''} and nextCheckAt le ${now.toISOString()}`;
    const due: Array<DueEntity & { etag: string }> = [];
    for await (const row of tableClient.listEntities<DueEntity>({ queryOptions: { filter } })) {
      due.push(row);
    }
    // Table Storage returns key order; due order is time order, decided here among the due rows only.
    due.sort((a, b) =>
      a.nextCheckAt === b.nextCheckAt
        ? compareStrings(a.rowKey, b.rowKey)
        : compareStrings(a.nextCheckAt, b.nextCheckAt),
    );
    return due.slice(0, limit).map((row) => ({
      record: parseRecord(row),
      etag: `${INDEX_ETAG_PREFIX}${row.etag}`,
    }));
  }

  async function list(query: OperationQuery): Promise<OperationPage> {
    if (!Number.isInteger(query.top) || query.top < 1 || query.top > MAX_PAGE_SIZE) {
      throw new RangeError(`top must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
    }
    let sdkToken =
      query.continuationToken === undefined ? undefined : decodeContinuationToken(query.continuationToken);
    let filter = odata`PartitionKey eq ${PARTITION_KEY} and RowKey lt ${INDEX_ROWS_START}`;
    if (query.status) filter += odata` and status eq ${query.status}`;
    if (query.kind) filter += odata` and kind eq ${query.kind}`;

    const items: OperationRecord[] = [];
    for (let calls = 0; calls < MAX_SERVER_CALLS_PER_PAGE && items.length < query.top; calls++) {
      // Asking for exactly the missing count keeps the service's token on our page boundary.
      const pages = tableClient.listEntities<RecordEntity>({ queryOptions: { filter } }).byPage({
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
      for (const entity of page.value) items.push(parseRecord(entity));
      sdkToken = page.value.continuationToken;
      if (sdkToken === undefined) break;
    }
    return {
      items,
      ...(sdkToken === undefined ? {} : { continuationToken: encodeContinuationToken(sdkToken) }),
    };
  }

  async function purgeFinishedBefore(cutoff: Date): Promise<number> {
    const terminal = TERMINAL_STATUSES.map((status) => odata`status eq ${status}`).join(' or ');
    const finished =
      odata`PartitionKey eq ${PARTITION_KEY} and RowKey lt ${INDEX_ROWS_START} and nextCheckAt eq ${''} and lastActionDateTime lt ${cutoff.toISOString()}` +
      ` and (${terminal})`;
    const purged = await deleteMatchingRows(finished);
    // Index rows emptied by a clear whose follow-up delete did not happen (a crash): rare, never counted.
    await deleteMatchingRows(
      odata`PartitionKey eq ${PARTITION_KEY} and RowKey gt ${DUE_PREFIX} and RowKey lt ${DUE_RANGE_END} and nextCheckAt eq ${''}`,
    );
    return purged;
  }

  /** Deletes the rows the filter matches, each under the ETag it was read with; returns how many. */
  async function deleteMatchingRows(filter: string): Promise<number> {
    let deleted = 0;
    const pages = tableClient
      .listEntities<Pick<RecordEntity, 'rowKey'>>({ queryOptions: { filter, select: ['RowKey'] } })
      .byPage({ maxPageSize: MAX_PAGE_SIZE });
    for await (const page of pages) {
      await mapWithConcurrency(page, PURGE_CONCURRENCY, async (row) => {
        try {
          // The ETag makes sure a row changed since the scan is left alone.
          await tableClient.deleteEntity(PARTITION_KEY, row.rowKey ?? '', { etag: row.etag });
          deleted++;
        } catch (error) {
          const status = statusCodeOf(error);
          if (status !== 404 && status !== 412) throw error;
        }
      });
    }
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

  return { get, create, update, listDue, list, purgeFinishedBefore, ping };
}

function dueRowKey(id: string): string {
  return `${DUE_PREFIX}${id}`;
}

function toRecordEntity(record: OperationRecord): RecordEntity {
  if (!OPERATION_ID_PATTERN.test(record.id)) {
    throw new InvalidOperationRecordError(record.id, 'the id does not match the operation id pattern.');
  }
  const recordJson = JSON.stringify(record);
  if (recordJson.length > MAX_RECORD_JSON_CHARS) {
    throw new OperationRecordTooLargeError(record.id, recordJson.length, MAX_RECORD_JSON_CHARS);
  }
  return {
    partitionKey: PARTITION_KEY,
    rowKey: record.id,
    schemaVersion: SCHEMA_VERSION,
    recordJson,
    status: record.status,
    kind: record.target.kind,
    action: record.action,
    createdDateTime: normalizedTime(record, 'createdDateTime', record.createdDateTime),
    lastActionDateTime: normalizedTime(record, 'lastActionDateTime', record.lastActionDateTime),
    nextCheckAt:
      record.nextCheckAt === undefined ? '' : normalizedTime(record, 'nextCheckAt', record.nextCheckAt),
  };
}

function toDueEntity(entity: RecordEntity): DueEntity {
  return {
    partitionKey: PARTITION_KEY,
    rowKey: dueRowKey(entity.rowKey),
    operationId: entity.rowKey,
    nextCheckAt: entity.nextCheckAt,
    recordJson: entity.recordJson,
  };
}

function toClearedDueEntity(entity: RecordEntity): DueEntity {
  return { ...toDueEntity(entity), nextCheckAt: '', recordJson: '' };
}

function normalizedTime(record: OperationRecord, field: string, value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidOperationRecordError(record.id, `${field} is not a date-time.`);
  }
  return new Date(time).toISOString();
}

function parseRecord(entity: Pick<RecordEntity, 'recordJson' | 'rowKey'>): OperationRecord {
  if (typeof entity.recordJson !== 'string') {
    throw new Error(`Row '${entity.rowKey}' of the operations table is not an operation record.`);
  }
  return JSON.parse(entity.recordJson) as OperationRecord;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
