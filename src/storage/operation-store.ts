import type { OperationRecord, OperationStatus, TargetKind } from '../domain/operation.js';

/** A record as read from the store, with the ETag that guards the next write. */
export interface StoredOperation {
  record: OperationRecord;
  etag: string;
}

export interface OperationQuery {
  status?: OperationStatus;
  kind?: TargetKind;
  /** Page size, 1..1000. */
  top: number;
  /** Opaque token from a previous page. */
  continuationToken?: string;
}

export interface OperationPage {
  items: OperationRecord[];
  continuationToken?: string;
}

/** An operation on a target that is not over yet, as the target index holds it. */
export interface InFlightOperation {
  id: string;
  status: OperationStatus;
  createdDateTime: string;
  nextCheckAt?: string;
}

/**
 * Persistence port for operation records. Implementations: Table Storage (`table-operation-store.ts`).
 * Errors: `OperationAlreadyExistsError` from `create`, `ConcurrencyConflictError` from `update` when the
 * ETag no longer matches (another worker wrote first). Anything else passes through.
 */
export interface OperationStore {
  get(id: string): Promise<StoredOperation | undefined>;
  create(record: OperationRecord): Promise<StoredOperation>;
  update(record: OperationRecord, etag: string): Promise<StoredOperation>;
  /**
   * Records whose `nextCheckAt` is at or before `now`, oldest first, at most `limit`.
   * Cost grows with the number of records that have a `nextCheckAt`, not with the history.
   */
  listDue(now: Date, limit: number): Promise<StoredOperation[]>;
  list(query: OperationQuery): Promise<OperationPage>;
  /**
   * The records with this `targetKey` that are not terminal, oldest accepted first (created time, then
   * id). One range query over a small index; records without a `targetKey` are never in it.
   */
  listInFlightOn(targetKey: string): Promise<InFlightOperation[]>;
  /** Deletes finished records whose last action is before `cutoff`; returns how many. */
  purgeFinishedBefore(cutoff: Date): Promise<number>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
}
