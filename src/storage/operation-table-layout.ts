/**
 * The rows of the operations table and their keys (see `table-operation-store.ts` for how they are used).
 * Every row lives in ONE partition (`op`), so a record and its index rows change together in one
 * entity-group transaction. Ids match OPERATION_ID_PATTERN (letters, digits, `.`, `_`, `-`), all of which
 * sort before `~`, so the key ranges below never overlap:
 *
 *   `{id}`                        the record (`recordJson` plus the columns queries filter on)
 *   `~at~{nextCheckAt}~{id}`      the due index: one row per record with a `nextCheckAt`; key order is due order
 *   `~due~{id}`                   the due index of schema 1, read only by the upgrade (`operation-table-upgrade.ts`)
 *   `~new~{inverted created}~{id}` the list index: one row per record; key order is newest first
 *   `~ping`, `~schema`            a row that never exists (health) and the layout version
 */
import { OPERATION_ID_PATTERN } from '../shared/ids.js';
import type { OperationRecord } from '../domain/operation.js';
import { InvalidOperationRecordError, OperationRecordTooLargeError } from './errors.js';

export const PARTITION_KEY = 'op';
/** Every record RowKey sorts below this; every other row's key starts with it. */
export const INDEX_ROWS_START = '~';
export const DUE_PREFIX = '~at~';
export const DUE_RANGE_END = '~at~~';
export const LEGACY_DUE_PREFIX = '~due~';
export const LEGACY_DUE_RANGE_END = '~due~~';
export const LIST_PREFIX = '~new~';
export const LIST_RANGE_END = '~new~~';
export const PING_ROW_KEY = '~ping';
export const SCHEMA_ROW_KEY = '~schema';
/** 2: time-ordered due index and the newest-first list index. 1 (or no `~schema` row): `~due~{id}` only. */
export const SCHEMA_VERSION = 2;
/** Table Storage string properties hold at most 64 KiB of UTF-16, i.e. 32 Ki characters. */
export const MAX_RECORD_JSON_CHARS = 32 * 1024;
/** Above any millisecond timestamp until the year 5138, so inverted times have 15 digits and sort. */
const INVERSION_BASE = 99_999_999_999_999;

// Type aliases, not interfaces: the SDK wants entities assignable to Record<string, unknown>.
export type RecordEntity = {
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
  /** The key of the record's due-index row, '' when none. Absent in schema 1 rows (then `~due~{id}`). */
  dueRowKey?: string;
};

export type DueEntity = {
  partitionKey: string;
  rowKey: string;
  operationId: string;
  /** '' only in a row emptied by a write whose follow-up delete did not happen. */
  nextCheckAt: string;
  /** A copy of the record's, so listDue needs no point reads. */
  recordJson: string;
};

/** The list row: a copy of the record and the columns `list` and the purge filter on. */
export type ListEntity = Omit<RecordEntity, 'dueRowKey' | 'schemaVersion'> & { operationId: string };

export function dueRowKey(id: string, nextCheckAt: string): string {
  return nextCheckAt ? `${DUE_PREFIX}${nextCheckAt}~${id}` : '';
}

/** Newest first: a later creation time gives a smaller key; ties are in id order. */
export function listRowKey(id: string, createdDateTime: string): string {
  const inverted = String(INVERSION_BASE - Date.parse(createdDateTime)).padStart(15, '0');
  return `${LIST_PREFIX}${inverted}~${id}`;
}

export function legacyDueRowKey(id: string): string {
  return `${LEGACY_DUE_PREFIX}${id}`;
}

/** Where the record's due row is: its own column, or where schema 1 kept it. */
export function dueRowKeyOf(entity: Pick<RecordEntity, 'rowKey' | 'nextCheckAt' | 'dueRowKey'>): string {
  if (typeof entity.dueRowKey === 'string') return entity.dueRowKey;
  return entity.nextCheckAt ? legacyDueRowKey(entity.rowKey) : '';
}

export function toRecordEntity(record: OperationRecord): RecordEntity {
  if (!OPERATION_ID_PATTERN.test(record.id)) {
    throw new InvalidOperationRecordError(record.id, 'the id does not match the operation id pattern.');
  }
  const recordJson = JSON.stringify(record);
  if (recordJson.length > MAX_RECORD_JSON_CHARS) {
    throw new OperationRecordTooLargeError(record.id, recordJson.length, MAX_RECORD_JSON_CHARS);
  }
  const nextCheckAt =
    record.nextCheckAt === undefined ? '' : normalizedTime(record, 'nextCheckAt', record.nextCheckAt);
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
    nextCheckAt,
    dueRowKey: dueRowKey(record.id, nextCheckAt),
  };
}

export function toDueEntity(entity: RecordEntity): DueEntity {
  return {
    partitionKey: PARTITION_KEY,
    rowKey: dueRowKeyOf(entity),
    operationId: entity.rowKey,
    nextCheckAt: entity.nextCheckAt,
    recordJson: entity.recordJson,
  };
}

export function emptiedDueEntity(rowKey: string, operationId: string): DueEntity {
  return { partitionKey: PARTITION_KEY, rowKey, operationId, nextCheckAt: '', recordJson: '' };
}

export function toListEntity(entity: RecordEntity): ListEntity {
  return {
    partitionKey: PARTITION_KEY,
    rowKey: listRowKey(entity.rowKey, entity.createdDateTime),
    operationId: entity.rowKey,
    recordJson: entity.recordJson,
    status: entity.status,
    kind: entity.kind,
    action: entity.action,
    createdDateTime: entity.createdDateTime,
    lastActionDateTime: entity.lastActionDateTime,
    nextCheckAt: entity.nextCheckAt,
  };
}

function normalizedTime(record: OperationRecord, field: string, value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidOperationRecordError(record.id, `${field} is not a date-time.`);
  }
  return new Date(time).toISOString();
}

export function parseRecord(entity: { recordJson?: unknown; rowKey?: string }): OperationRecord {
  if (typeof entity.recordJson !== 'string' || entity.recordJson === '') {
    throw new Error(`Row '${entity.rowKey ?? ''}' of the operations table is not an operation record.`);
  }
  return JSON.parse(entity.recordJson) as OperationRecord;
}

/**
 * What `update` needs besides the new record: which row guards the write, and where the record's due row
 * is now (a due row's key moves with `nextCheckAt`, so the write must know the old one to replace it).
 * Opaque to callers; `|` occurs neither in Table ETags nor in row keys.
 */
export interface WriteGuard {
  /** `record`: the record's own ETag (from get/create/update); `due`: the due row's (from listDue). */
  by: 'record' | 'due';
  /** The record's current due row, '' when none. */
  dueRowKey: string;
  etag: string;
}

export function encodeGuard(guard: WriteGuard): string {
  return `${guard.by === 'record' ? 'r' : 'd'}|${guard.dueRowKey}|${guard.etag}`;
}

export function decodeGuard(token: string): WriteGuard | undefined {
  const match = /^([rd])\|([^|]*)\|(.+)$/s.exec(token);
  if (!match) return undefined;
  return { by: match[1] === 'r' ? 'record' : 'due', dueRowKey: match[2] ?? '', etag: match[3] ?? '' };
}
