import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableClient } from '@azure/data-tables';
import type { OperationRecord } from '../src/domain/operation.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { startAzuriteTables } from '../src/standalone/azurite.js';
import type { OperationStore } from '../src/storage/operation-store.js';
import { ensureTable } from '../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../src/storage/table-operation-store.js';
import type { BenchResult } from './types.js';

/**
 * Shows that a poll's cost follows its batch, not the pending total: `listDue` for a batch of 20 with
 * 2 000 records due against the same batch with 20 due. The ratio is of the entities Table Storage sent
 * back (what the store read; 1.00 means the pending total does not matter); the times are figures only,
 * since Azurite, unlike Table Storage, scans its whole in-memory table for every query.
 */
const BATCH = 20;
const MANY_PENDING = 2_000;
const REPETITIONS = 30;

interface Counted {
  store: OperationStore;
  entitiesRead(): number;
}

export async function run(): Promise<BenchResult> {
  const azurite = await startAzuriteTables();
  try {
    const now = new Date();
    const few = await seeded(azurite.connectionString, 'few', now, BATCH);
    const many = await seeded(azurite.connectionString, 'many', now, MANY_PENDING);
    const fewTimes: number[] = [];
    const manyTimes: number[] = [];
    let fewRead = 0;
    let manyRead = 0;
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      const fewPoll = await timedPoll(few, now);
      const manyPoll = await timedPoll(many, now);
      fewTimes.push(fewPoll.ms);
      manyTimes.push(manyPoll.ms);
      fewRead += fewPoll.read;
      manyRead += manyPoll.read;
    }
    return {
      name: `listDue, batch ${BATCH}, ${MANY_PENDING} due`,
      baselineName: `listDue, batch ${BATCH}, ${BATCH} due`,
      figures: {
        batch: BATCH,
        pending: MANY_PENDING,
        repetitions: REPETITIONS,
        baselineEntitiesReadPerPoll: fewRead / REPETITIONS,
        entitiesReadPerPoll: manyRead / REPETITIONS,
        baselineMedianMs: median(fewTimes),
        medianMs: median(manyTimes),
      },
      ratio: manyRead / fewRead,
    };
  } finally {
    await azurite.close();
  }
}

async function seeded(connectionString: string, label: string, now: Date, pending: number): Promise<Counted> {
  let read = 0;
  const policy: PipelinePolicy = {
    name: 'countEntitiesRead',
    async sendRequest(request, next) {
      const response = await next(request);
      if (request.method === 'GET' && response.bodyAsText) {
        const body = JSON.parse(response.bodyAsText) as { value?: unknown[] };
        read += Array.isArray(body.value) ? body.value.length : 1;
      }
      return response;
    },
  };
  const table = TableClient.fromConnectionString(connectionString, `benchdue${label}`, {
    allowInsecureConnection: true,
    additionalPolicies: [{ policy, position: 'perCall' }],
  });
  await ensureTable(table);
  const store = createTableOperationStore(table);
  const records = Array.from({ length: pending }, (_, i) => benchRecord(now, (i * 7919) % pending));
  await mapWithConcurrency(records, 16, async (record) => {
    await store.create(record);
  });
  await store.listDue(now, 1); // the one-time layout check
  return { store, entitiesRead: () => read };
}

async function timedPoll(counted: Counted, now: Date): Promise<{ ms: number; read: number }> {
  const before = counted.entitiesRead();
  const started = performance.now();
  const due = await counted.store.listDue(now, BATCH);
  const ms = performance.now() - started;
  if (due.length !== BATCH) throw new Error(`listDue returned ${due.length}, not ${BATCH}.`);
  return { ms, read: counted.entitiesRead() - before };
}

function benchRecord(now: Date, minutesAgo: number): OperationRecord {
  return {
    id: randomUUID(),
    status: 'Running',
    action: 'suspend',
    target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: randomUUID() },
    createdDateTime: now.toISOString(),
    lastActionDateTime: now.toISOString(),
    nextCheckAt: new Date(now.getTime() - (minutesAgo + 1) * 60_000).toISOString(),
    requestedBy: { source: 'schedule', principal: 'bench' },
    requestHash: 'sha256:bench',
    checkCount: 0,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) * 100) / 100;
}

// `npx tsx bench/due-batch.bench.ts` runs this one benchmark alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
