/**
 * Observed operation durations on Azure Table Storage (table `durations`): one row per duration key in one
 * partition, holding the newest `KEPT_DURATIONS` durations as JSON. A few hundred rows at most (one per
 * resource, kind, action and class), each read once per look at most and cached briefly in the process;
 * the durations of operations that finish together go in one write.
 */
import type { TableClient } from '@azure/data-tables';
import {
  estimateFromDurations,
  withDuration,
  type DurationHistory,
  type DurationKey,
} from '../engine/duration-history.js';
import type { DurationEstimate } from '../engine/next-look.js';
import { statusCodeOf } from './table-errors.js';

const PARTITION_KEY = 'duration';
/** Write races on one row are rare (two operations of one kind finishing at once); a few tries settle them. */
const WRITE_TRIES = 3;
/** How long an estimate read from the table is reused in this process. */
const CACHE_TTL_IN_MS = 10_000;

type DurationEntity = { partitionKey: string; rowKey: string; durationsJson: string };

/** RowKeys may not hold `/ \ # ?` or control characters; names here are plain, anything else becomes `_`. */
export function durationRowKey(key: DurationKey): string {
  return [key.resource, key.kind, key.action, key.durationClass ?? '']
    .map((part) => part.replace(/[^A-Za-z0-9._-]/g, '_'))
    .join('~');
}

export function createTableDurationHistory(
  table: TableClient,
  options: { now?: () => number } = {},
): DurationHistory {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { estimate: DurationEstimate | undefined; readAtMs: number }>();
  /** Reads under way, so operations planning their looks at the same moment share one. */
  const reading = new Map<string, Promise<DurationEstimate | undefined>>();
  /** The row as this process last wrote it: the next write goes straight to it with its ETag. */
  const written = new Map<string, StoredDurations>();
  /**
   * Durations waiting for the write in flight on their row. A fleet's operations of one kind finish
   * together: one write per row at a time takes everything that arrived meanwhile, where a write each
   * would race on the row's ETag and lose samples.
   */
  const waiting = new Map<string, WaitingDurations>();

  async function read(rowKey: string): Promise<StoredDurations> {
    try {
      const entity = await table.getEntity<DurationEntity>(PARTITION_KEY, rowKey);
      return { durations: parseDurations(entity.durationsJson), etag: entity.etag };
    } catch (error) {
      if (statusCodeOf(error) === 404) return { durations: [] };
      throw error;
    }
  }

  function remember(rowKey: string, durations: number[]): void {
    cache.set(rowKey, { estimate: estimateFromDurations(durations), readAtMs: now() });
  }

  /**
   * Adds `added` to the row, starting from what this process wrote last. A conflict on that cached
   * ETag (another process wrote since) costs no try: only writes that began from a fresh read count.
   */
  async function write(rowKey: string, added: readonly number[]): Promise<void> {
    const cached = written.get(rowKey);
    let current = cached ?? (await read(rowKey));
    // A write from the cached ETag is try 0: the three tries are the writes from a read.
    for (let tryNumber = cached ? 0 : 1; ; tryNumber += 1) {
      const durations = added.reduce<number[]>(withDuration, current.durations);
      const entity: DurationEntity = {
        partitionKey: PARTITION_KEY,
        rowKey,
        durationsJson: JSON.stringify(durations),
      };
      try {
        const response = current.etag
          ? await table.updateEntity(entity, 'Replace', { etag: current.etag })
          : await table.createEntity(entity);
        if (response.etag) written.set(rowKey, { durations, etag: response.etag });
        else written.delete(rowKey);
        remember(rowKey, durations);
        return;
      } catch (error) {
        const status = statusCodeOf(error);
        // 412: another process wrote the row since; 409: it created the row first. Read, then add again.
        if ((status !== 412 && status !== 409) || tryNumber >= WRITE_TRIES) {
          written.delete(rowKey);
          throw error;
        }
        current = await read(rowKey);
      }
    }
  }

  /** Writes the row's waiting durations, one write at a time, until none are left. */
  async function drain(rowKey: string, first: WaitingDurations): Promise<void> {
    for (let batch: WaitingDurations | undefined = first; batch; batch = waiting.get(rowKey)) {
      // Durations arriving from here on wait for the next write.
      batch.closed = true;
      try {
        await write(rowKey, batch.durations);
        for (const done of batch.settle) done.resolve();
      } catch (error) {
        for (const done of batch.settle) done.reject(error);
      }
      if (waiting.get(rowKey) === batch) waiting.delete(rowKey);
    }
  }

  return {
    async estimate(key) {
      const rowKey = durationRowKey(key);
      const cached = cache.get(rowKey);
      if (cached && now() - cached.readAtMs < CACHE_TTL_IN_MS) return cached.estimate;
      let pending = reading.get(rowKey);
      if (!pending) {
        pending = read(rowKey)
          .then(({ durations }) => {
            remember(rowKey, durations);
            return estimateFromDurations(durations);
          })
          .finally(() => reading.delete(rowKey));
        reading.set(rowKey, pending);
      }
      return pending;
    },
    observe(key, durationInMs) {
      const rowKey = durationRowKey(key);
      return new Promise<void>((resolve, reject) => {
        const open = waiting.get(rowKey);
        if (open && !open.closed) {
          open.durations.push(durationInMs);
          open.settle.push({ resolve, reject });
          return;
        }
        const batch: WaitingDurations = {
          durations: [durationInMs],
          settle: [{ resolve, reject }],
          closed: false,
        };
        waiting.set(rowKey, batch);
        // No write in flight on this row (none was waiting, or the one waiting is being written).
        if (!open) void drain(rowKey, batch);
      });
    },
  };
}

interface StoredDurations {
  durations: number[];
  etag?: string;
}

interface WaitingDurations {
  durations: number[];
  settle: { resolve: () => void; reject: (error: unknown) => void }[];
  /** True once its write began. */
  closed: boolean;
}

function parseDurations(json: unknown): number[] {
  if (typeof json !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((d): d is number => typeof d === 'number') : [];
  } catch {
    return [];
  }
}
