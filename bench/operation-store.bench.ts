import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TableClient } from '@azure/data-tables';
import type { OperationRecord } from '../src/domain/operation.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { startAzuriteTables } from '../src/standalone/azurite.js';
import type { OperationStore } from '../src/storage/operation-store.js';
import { ensureTable } from '../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../src/storage/table-operation-store.js';
import type { BenchResult } from './types.js';

/**
 * Shows that finding due work costs in proportion to the pending records, not to the history: `listDue`
 * with 50 pending records among 2 000 finished ones against 50 pending among none, on Azurite.
 * `listDue` is one query over the due-index key range, which holds no finished records. Azurite,
 * unlike Table Storage, evaluates every query's filter on every row of its in-memory table, so what
 * remains of the ratio above 1 is the emulator's scan, not the store's reads.
 */
const PENDING_COUNT = 50;
const FINISHED_COUNT = 2_000;
const WARM_UP_ROUNDS = 5;
const REPETITIONS = 40;
const SEED_CONCURRENCY = 16;

export async function run(): Promise<BenchResult> {
  const azurite = await startAzuriteTables();
  try {
    const now = new Date();
    const baseline = await seededStore(azurite.connectionString, 'baseline', now, 0);
    const withHistory = await seededStore(azurite.connectionString, 'history', now, FINISHED_COUNT);

    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      await timedListDue(baseline, now);
      await timedListDue(withHistory, now);
    }
    const baselineTimesMs: number[] = [];
    const historyTimesMs: number[] = [];
    // Interleaved, so drift (GC, the other process's load) hits both cases alike.
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      baselineTimesMs.push(await timedListDue(baseline, now));
      historyTimesMs.push(await timedListDue(withHistory, now));
    }
    const baselineMedianMs = median(baselineTimesMs);
    const historyMedianMs = median(historyTimesMs);
    return {
      name: `listDue, ${PENDING_COUNT} pending among ${FINISHED_COUNT} finished`,
      baselineName: `listDue, ${PENDING_COUNT} pending among 0 finished`,
      figures: {
        pendingCount: PENDING_COUNT,
        finishedCount: FINISHED_COUNT,
        repetitions: REPETITIONS,
        baselineMedianMs: round2(baselineMedianMs),
        historyMedianMs: round2(historyMedianMs),
      },
      ratio: round2(historyMedianMs / baselineMedianMs),
    };
  } finally {
    await azurite.close();
  }
}

async function seededStore(
  connectionString: string,
  label: string,
  now: Date,
  finishedCount: number,
): Promise<OperationStore> {
  const table = TableClient.fromConnectionString(connectionString, `bench${label}`, {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  const store = createTableOperationStore(table);
  const records = [
    ...Array.from({ length: PENDING_COUNT }, (_, i) =>
      benchRecord(now, { nextCheckAt: minutesBefore(now, i + 1) }),
    ),
    ...Array.from({ length: finishedCount }, (_, i) =>
      benchRecord(now, { status: 'Succeeded', lastActionDateTime: minutesBefore(now, i) }),
    ),
  ];
  let seeded = 0;
  await mapWithConcurrency(records, SEED_CONCURRENCY, async (record) => {
    await store.create(record);
    seeded++;
    if (seeded % 500 === 0 || seeded === records.length) {
      console.log(`  seeding ${label}: ${seeded}/${records.length} records`);
    }
  });
  return store;
}

async function timedListDue(store: OperationStore, now: Date): Promise<number> {
  const started = performance.now();
  const due = await store.listDue(now, PENDING_COUNT);
  const elapsedMs = performance.now() - started;
  // A fast wrong answer is no result.
  if (due.length !== PENDING_COUNT) throw new Error(`listDue returned ${due.length}, not ${PENDING_COUNT}.`);
  return elapsedMs;
}

function benchRecord(now: Date, overrides: Partial<OperationRecord>): OperationRecord {
  return {
    id: randomUUID(),
    status: 'Running',
    action: 'suspend',
    target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: randomUUID() },
    createdDateTime: now.toISOString(),
    lastActionDateTime: now.toISOString(),
    requestedBy: { source: 'schedule', principal: 'bench' },
    requestHash: 'sha256:bench',
    checkCount: 0,
    ...overrides,
  };
}

function minutesBefore(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

// `npx tsx bench/operation-store.bench.ts` runs this one benchmark alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
