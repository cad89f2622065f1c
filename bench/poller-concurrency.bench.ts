import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { createLocalBus } from '../src/bus/local-bus.js';
import { createAiResourceRegistry } from '../src/clients/registry.js';
import { EVENT_SUBSCRIPTIONS } from '../src/config/names.js';
import type { OperationRecord } from '../src/domain/operation.js';
import { createCommandQueue, createEventPublisher } from '../src/pipeline/bus-adapters.js';
import { pollOperations } from '../src/engine/poller.js';
import { operationKinds } from '../src/kinds/index.js';
import type { Log } from '../src/pipeline/ports.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { SimulatorAdmin } from '../src/simulator/admin-client.js';
import { startSimulator } from '../src/simulator/server.js';
import { startAzuriteTables } from '../src/standalone/azurite.js';
import { ensureTable } from '../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../src/storage/table-operation-store.js';
import { runningFaceCheck } from './fixtures.js';
import type { BenchResult } from './types.js';

/**
 * Why the poller checks operations with bounded concurrency: one run over 120 due Face status checks
 * (each a GET to the simulator, a conditional write, an event and a second write) with
 * `POLLER_CONCURRENCY` 8 against the same run one at a time. A ratio well under 1 means a slow service
 * answer no longer holds up the rest of the batch.
 */
const OPERATION_COUNT = 120;
const ROUNDS = 3;
const quiet: Log = { log: () => undefined, warn: () => undefined, error: () => undefined };

export async function run(): Promise<BenchResult> {
  const azurite = await startAzuriteTables();
  const simulator = await startSimulator({ port: 0, seed: false });
  const admin = new SimulatorAdmin(simulator.url);
  const bus = createLocalBus();
  try {
    bus.declareQueue('commands');
    bus.declareTopic('operation-events', [EVENT_SUBSCRIPTIONS.log]);
    const ai = createAiResourceRegistry([
      { name: 'sim', endpoint: simulator.url, auth: { kind: 'key', apiKey: () => 'simulator-key' } },
    ]);
    const timedRun = async (concurrency: number, round: number): Promise<number> => {
      const table = TableClient.fromConnectionString(
        azurite.connectionString,
        `poll${concurrency}r${round}`,
        {
          allowInsecureConnection: true,
        },
      );
      await ensureTable(table);
      const operations = createTableOperationStore(table);
      const now = new Date();
      const records = Array.from({ length: OPERATION_COUNT }, () => dueFaceCheck(now));
      await mapWithConcurrency(records, 8, async (record) => {
        await admin.putFaceOperation(record.upstream!.operationId!, { status: 'succeeded' });
        await operations.create(record);
      });
      const started = performance.now();
      const report = await pollOperations(
        {
          operations,
          ai,
          kinds: operationKinds,
          commands: createCommandQueue(bus.createSender('commands')),
          events: createEventPublisher(bus.createSender('operation-events')),
          clock: { now: () => new Date() },
          timings: {
            statusCheckIntervalInMs: 1_000,
            recoveryDelayInMs: 60_000,
            operationTimeoutInMs: 3_600_000,
          },
          batchSize: OPERATION_COUNT,
          concurrency,
        },
        quiet,
      );
      const elapsedMs = performance.now() - started;
      if (report.completed !== OPERATION_COUNT) {
        throw new Error(`expected ${OPERATION_COUNT} completions, got ${report.completed}`);
      }
      console.log(`  concurrency ${concurrency}, round ${round + 1}: ${elapsedMs.toFixed(0)} ms`);
      return elapsedMs;
    };

    const sequentialMs: number[] = [];
    const concurrentMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      sequentialMs.push(await timedRun(1, round));
      concurrentMs.push(await timedRun(8, round));
    }
    const sequentialMedianMs = median(sequentialMs);
    const concurrentMedianMs = median(concurrentMs);
    return {
      name: `poller run over ${OPERATION_COUNT} due operations, concurrency 8`,
      baselineName: 'the same run one operation at a time',
      figures: {
        operationCount: OPERATION_COUNT,
        rounds: ROUNDS,
        sequentialMedianMs: Math.round(sequentialMedianMs),
        concurrentMedianMs: Math.round(concurrentMedianMs),
      },
      ratio: Math.round((concurrentMedianMs / sequentialMedianMs) * 100) / 100,
    };
  } finally {
    await bus.close();
    await simulator.close();
    await azurite.close();
  }
}

/** Due a minute ago, each following a Face operation of its own. */
function dueFaceCheck(now: Date): OperationRecord {
  const at = new Date(now.getTime() - 60_000);
  return runningFaceCheck({ resource: 'sim', faceOperationId: randomUUID(), at, nextCheckAt: at });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (result) => console.log(result),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
