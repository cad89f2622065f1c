import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { createLocalBus, type LocalBus } from '../src/bus/local-bus.js';
import { startAzuriteTables } from '../src/standalone/azurite.js';
import { median, round2 } from './stats.js';
import type { BenchResult } from './types.js';

/**
 * What keeping `npm start`'s state on disk costs: one command's worth of bus traffic (a send, a receive,
 * a completion) and one table upsert, on the journaled local bus and on Azurite with `--location`
 * (every answered write saved), against the same work in memory. The ratio is the disk case over the
 * memory case for a command's bus round trip plus its record write.
 */
const MESSAGES = 300;
const UPSERTS = 150;
const ROUNDS = 3;

export async function run(): Promise<BenchResult> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-durable-'));
  try {
    const memoryBusMs: number[] = [];
    const diskBusMs: number[] = [];
    const memoryTableMs: number[] = [];
    const diskTableMs: number[] = [];
    const memoryAzurite = await startAzuriteTables();
    const diskAzurite = await startAzuriteTables({ location: join(directory, 'tables') });
    try {
      const memoryTable = await table(memoryAzurite.connectionString);
      const diskTable = await table(diskAzurite.connectionString);
      // Interleaved rounds, so drift (GC, the other processes on the machine) hits both cases alike.
      for (let round = 0; round < ROUNDS; round++) {
        memoryBusMs.push(await busRoundTripMs(createLocalBus()));
        diskBusMs.push(await busRoundTripMs(createLocalBus({ directory: join(directory, `bus-${round}`) })));
        memoryTableMs.push(await upsertMs(memoryTable));
        diskTableMs.push(await upsertMs(diskTable));
      }
    } finally {
      await memoryAzurite.close();
      await diskAzurite.close();
    }
    const memory = median(memoryBusMs) + median(memoryTableMs);
    const disk = median(diskBusMs) + median(diskTableMs);
    return {
      name: 'a command on disk: bus send/receive/complete plus one table upsert',
      baselineName: 'the same in memory',
      figures: {
        memoryBusPerMessageMs: round2(median(memoryBusMs)),
        diskBusPerMessageMs: round2(median(diskBusMs)),
        memoryUpsertMs: round2(median(memoryTableMs)),
        diskUpsertMs: round2(median(diskTableMs)),
      },
      ratio: round2(disk / memory),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Mean time per message to send, receive and complete `MESSAGES` messages one after another. */
async function busRoundTripMs(bus: LocalBus): Promise<number> {
  bus.declareQueue('bench');
  const sender = bus.createSender('bench');
  const receiver = bus.createReceiver({ queue: 'bench' });
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    await sender.send({ messageId: randomUUID(), body: { action: 'suspend', index: i } });
    const [message] = await receiver.receive({ maxWaitTimeInMs: 1_000 });
    if (!message) throw new Error('A sent message did not arrive.');
    await receiver.complete(message);
  }
  const elapsed = performance.now() - started;
  await bus.close();
  return elapsed / MESSAGES;
}

async function table(connectionString: string): Promise<TableClient> {
  const client = TableClient.fromConnectionString(connectionString, 'benchdurable', {
    allowInsecureConnection: true,
  });
  await client.createTable();
  return client;
}

/** Mean time of one upsert of an operation-sized entity, one after another. */
async function upsertMs(client: TableClient): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < UPSERTS; i++) {
    await client.upsertEntity({ partitionKey: 'p', rowKey: randomUUID(), record: 'x'.repeat(1_500) });
  }
  return (performance.now() - started) / UPSERTS;
}

// `npx tsx bench/durable-standalone.bench.ts` runs this one benchmark alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
