/**
 * Observed operation durations on Azure Table Storage (table `durations`): one row per duration key in one
 * partition, holding the newest `KEPT_DURATIONS` durations as JSON. A few hundred rows at most (one per
 * resource, kind, action and class), each read once per look at most and cached briefly in the process.
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

  async function read(rowKey: string): Promise<{ durations: number[]; etag?: string }> {
    try {
      const entity = await table.getEntity<DurationEntity>(PARTITION_KEY, rowKey);
      return { durations: parseDurations(entity.durationsJson), etag: entity.etag };
    } catch (error) {
      if (statusCodeOf(error) === 404) return { durations: [] };
      throw error;
    }
  }

  return {
    async estimate(key) {
      const rowKey = durationRowKey(key);
      const cached = cache.get(rowKey);
      if (cached && now() - cached.readAtMs < CACHE_TTL_IN_MS) return cached.estimate;
      const estimate = estimateFromDurations((await read(rowKey)).durations);
      cache.set(rowKey, { estimate, readAtMs: now() });
      return estimate;
    },
    async observe(key, durationInMs) {
      const rowKey = durationRowKey(key);
      for (let tryNumber = 1; tryNumber <= WRITE_TRIES; tryNumber += 1) {
        const current = await read(rowKey);
        const durations = withDuration(current.durations, durationInMs);
        const entity: DurationEntity = {
          partitionKey: PARTITION_KEY,
          rowKey,
          durationsJson: JSON.stringify(durations),
        };
        try {
          if (current.etag) await table.updateEntity(entity, 'Replace', { etag: current.etag });
          else await table.createEntity(entity);
          cache.set(rowKey, { estimate: estimateFromDurations(durations), readAtMs: now() });
          return;
        } catch (error) {
          const status = statusCodeOf(error);
          // 412: another writer changed the row since we read it; 409: it created the row first.
          if ((status !== 412 && status !== 409) || tryNumber === WRITE_TRIES) throw error;
        }
      }
    },
  };
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
