import type { OperationRecord } from '../../../src/domain/operation.js';
import { isTerminalStatus } from '../../../src/domain/operation.js';
import { ConcurrencyConflictError, OperationAlreadyExistsError } from '../../../src/storage/errors.js';
import type {
  InFlightOperation,
  OperationPage,
  OperationQuery,
  OperationStore,
  StoredOperation,
} from '../../../src/storage/operation-store.js';

/** An `OperationStore` in memory, with the real store's ETag and uniqueness rules. */
export class MemoryOperationStore implements OperationStore {
  private readonly records = new Map<string, StoredOperation>();
  private version = 0;

  get(id: string): Promise<StoredOperation | undefined> {
    const stored = this.records.get(id);
    return Promise.resolve(stored ? copy(stored) : undefined);
  }

  create(record: OperationRecord): Promise<StoredOperation> {
    if (this.records.has(record.id)) return Promise.reject(new OperationAlreadyExistsError(record.id));
    return Promise.resolve(this.put(record));
  }

  update(record: OperationRecord, etag: string): Promise<StoredOperation> {
    const current = this.records.get(record.id);
    if (!current || current.etag !== etag) return Promise.reject(new ConcurrencyConflictError(record.id));
    return Promise.resolve(this.put(record));
  }

  listDue(now: Date, limit: number): Promise<StoredOperation[]> {
    const due = [...this.records.values()]
      .filter((s) => s.record.nextCheckAt !== undefined && Date.parse(s.record.nextCheckAt) <= now.getTime())
      .sort((a, b) => Date.parse(a.record.nextCheckAt!) - Date.parse(b.record.nextCheckAt!))
      .slice(0, limit);
    return Promise.resolve(due.map(copy));
  }

  list(query: OperationQuery): Promise<OperationPage> {
    const matching = [...this.records.values()]
      .map((s) => s.record)
      .filter(
        (r) =>
          (query.status === undefined || r.status === query.status) &&
          (query.kind === undefined || r.target.kind === query.kind),
      )
      .sort((a, b) => a.id.localeCompare(b.id));
    const start = query.continuationToken === undefined ? 0 : Number(query.continuationToken);
    const items = matching.slice(start, start + query.top).map((r) => structuredClone(r));
    const next = start + query.top;
    return Promise.resolve(next < matching.length ? { items, continuationToken: String(next) } : { items });
  }

  listInFlightOn(targetKey: string): Promise<InFlightOperation[]> {
    const inFlight = [...this.records.values()]
      .map((s) => s.record)
      .filter((r) => r.targetKey === targetKey && !isTerminalStatus(r.status))
      .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime) || a.id.localeCompare(b.id))
      .map((r) => ({
        id: r.id,
        status: r.status,
        createdDateTime: r.createdDateTime,
        ...(r.nextCheckAt ? { nextCheckAt: r.nextCheckAt } : {}),
      }));
    return Promise.resolve(inFlight);
  }

  purgeFinishedBefore(cutoff: Date): Promise<number> {
    let purged = 0;
    for (const [id, stored] of this.records) {
      if (
        isTerminalStatus(stored.record.status) &&
        Date.parse(stored.record.lastActionDateTime) < cutoff.getTime()
      ) {
        this.records.delete(id);
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  /** Every record, for assertions. */
  all(): OperationRecord[] {
    return [...this.records.values()].map((s) => structuredClone(s.record));
  }

  private put(record: OperationRecord): StoredOperation {
    this.version += 1;
    const stored = { record: structuredClone(record), etag: `W/"${this.version}"` };
    this.records.set(record.id, stored);
    return copy(stored);
  }
}

function copy(stored: StoredOperation): StoredOperation {
  return { record: structuredClone(stored.record), etag: stored.etag };
}
