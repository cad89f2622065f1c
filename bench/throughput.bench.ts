import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { TABLES } from '../src/config/names.js';
import {
  applyOutcome,
  createOperationRecord,
  markEventPublished,
  withUpstreamOperation,
} from '../src/domain/lifecycle.js';
import { running, succeeded } from '../src/domain/outcome.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { SimulatorAdmin } from '../src/simulator/admin-client.js';
import { startAzuriteTables } from '../src/standalone/azurite.js';
import { ensureTable } from '../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../src/storage/table-operation-store.js';
import { startHostProcess } from './host-process.js';
import { median, percentile, round2 } from './stats.js';
import type { BenchResult } from './types.js';

/**
 * Accepting and completing commands through `npm start` (its own process, 10 concurrent connections),
 * against the floor of accepting one: the rate at which the same Azurite alone performs the
 * record-plus-due-index transaction that `POST /api/commands` must write before it answers.
 * - Accepted: with the executor paused (`AzureWebJobs.executeCommand.Disabled`, as an operator would in
 *   Azure), so the figure is the front door's alone; also shown with the executor running on the same
 *   two cores, where each accepted status check is executed while the next ones arrive.
 * - Completed: suspends of endpoints that suspend at once, from the first POST until every one is
 *   terminal with its event published (the due index is empty), on an emptied table like the floor's.
 * - The storage-only ceiling of completion: the same storage steps of one suspend made straight from
 *   this process, which bounds what any host could complete on this storage.
 */
const CONNECTIONS = 10;
/** As many as the accept run sends, so both end on tables of the same size. */
const FLOOR_RECORDS = 600;
const ACCEPT_COMMANDS = Number(process.env.BENCH_ACCEPT ?? 600);
/** Enough that the first look's wait (about a second) is a small part of the run. */
const COMPLETE_OPERATIONS = Number(process.env.BENCH_COMPLETE ?? 600);
const RESOURCE = 'simulator';
/** Commands or records before each measured run, not counted. */
const WARM_UP = 50;
/** Set to a folder to get a CPU profile of the host (`node --cpu-prof`), written when it stops. */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF_DIR;

export async function run(): Promise<BenchResult> {
  const azurite = await startAzuriteTables();
  try {
    // The denominator of both ratios: the median of three runs, each on a table of its own.
    const floors: number[] = [];
    for (const run of [1, 2, 3])
      floors.push(await storageFloor(azurite.connectionString, `benchfloor${run}`));
    const floorPerSecond = median(floors);
    const ceilingPerSecond = await storageCeilingOfCompletion(azurite.connectionString);
    console.log(
      `  storage floor runs ${floors.map((floor) => floor.toFixed(0)).join(', ')}/s; storage-only completions ${ceilingPerSecond.toFixed(0)}/s`,
    );
    const profile = CPU_PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] } : {};
    const env = { AzureWebJobsStorage: azurite.connectionString };
    console.log(
      `  storage floor ${floorPerSecond.toFixed(0)} transactions/s; accepting, executor paused ...`,
    );
    const paused = await startHostProcess({
      env: { ...env, 'AzureWebJobs.executeCommand.Disabled': 'true' },
    });
    let accept: AcceptFigures;
    try {
      accept = await acceptRun(paused.url, new SimulatorAdmin(paused.simulatorUrl));
    } finally {
      await paused.stop();
    }
    const operationsTable = TableClient.fromConnectionString(azurite.connectionString, TABLES.operations, {
      allowInsecureConnection: true,
    });
    // The paused host's queue went with it (in memory): its records go too, so nothing waits on them.
    await operationsTable.deleteTable();
    const host = await startHostProcess({ env, ...profile });
    try {
      const admin = new SimulatorAdmin(host.simulatorUrl);
      const operations = createTableOperationStore(operationsTable);
      // Completion first, on a table as empty as the floor's: Azurite's in-memory tables scan their
      // rows on every write, so a fuller table would make each write dearer than the floor's.
      console.log(`  accepted ${accept.perSecond.toFixed(0)}/s; completing ...`);
      const complete = await completeRun(host.url, admin, operations);
      console.log(`  completed ${complete.toFixed(0)}/s; accepting while executing ...`);
      const busy = await acceptRun(host.url, admin);
      console.log(
        `  floor ${floorPerSecond.toFixed(0)}/s; accepted ${accept.perSecond.toFixed(0)}/s (p50 ${accept.p50Ms.toFixed(0)} ms, p95 ${accept.p95Ms.toFixed(0)} ms), ${busy.perSecond.toFixed(0)}/s while executing; completed ${complete.toFixed(0)}/s`,
      );
      console.log(
        `  accepted/floor ${round2(accept.perSecond / floorPerSecond)} (target >= 0.5); completed/floor ${round2(complete / floorPerSecond)} (target >= 0.33; the storage alone allows at most ${round2(ceilingPerSecond / floorPerSecond)}: ${ceilingPerSecond.toFixed(0)} operations/s)`,
      );
      return {
        name: `commands accepted per second over HTTP, ${CONNECTIONS} connections`,
        baselineName: 'record-plus-index transactions per second on the same storage alone',
        figures: {
          storageTransactionsPerSecond: Math.round(floorPerSecond),
          acceptedPerSecond: Math.round(accept.perSecond),
          acceptLatencyP50Ms: Math.round(accept.p50Ms),
          acceptLatencyP95Ms: Math.round(accept.p95Ms),
          acceptedWhileExecutingPerSecond: Math.round(busy.perSecond),
          acceptedWhileExecutingOverFloor: round2(busy.perSecond / floorPerSecond),
          completedPerSecond: Math.round(complete),
          completedOverFloor: round2(complete / floorPerSecond),
          storageOnlyCompletionsPerSecond: Math.round(ceilingPerSecond),
          storageOnlyCompletionsOverFloor: round2(ceilingPerSecond / floorPerSecond),
        },
        ratio: round2(accept.perSecond / floorPerSecond),
      };
    } finally {
      await host.stop();
    }
  } finally {
    agent.destroy();
    await azurite.close();
  }
}

interface AcceptFigures {
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
}

const TIMINGS = {
  statusCheckIntervalInMs: 1000,
  recoveryDelayInMs: 60_000,
  operationTimeoutInMs: 3_600_000,
};

/** A store over a fresh table of its own, and `count` NotStarted suspend records to write into it. */
async function freshStoreWith(connectionString: string, tableName: string, count: number, targeted: boolean) {
  const table = TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  const records = Array.from({ length: count }, () => {
    const endpointId = randomUUID();
    return createOperationRecord(
      {
        id: randomUUID(),
        action: 'suspend',
        target: { kind: 'customvoice-endpoint', resource: RESOURCE, endpointId },
        requestedBy: { source: 'http' },
        requestedDateTime: new Date().toISOString(),
      },
      new Date(),
      TIMINGS,
      targeted ? `customvoice-endpoint/${RESOURCE}/${endpointId}` : undefined,
    );
  });
  return { store: createTableOperationStore(table), records };
}

/** Per second, after a warm-up of WARM_UP records: `step` over the rest, CONNECTIONS at a time. */
async function ratePerSecond<T>(items: T[], step: (item: T) => Promise<void>): Promise<number> {
  await mapWithConcurrency(items.slice(0, WARM_UP), CONNECTIONS, step);
  const started = performance.now();
  await mapWithConcurrency(items.slice(WARM_UP), CONNECTIONS, step);
  return (items.length - WARM_UP) / ((performance.now() - started) / 1000);
}

/** `create` of NotStarted records (record row plus due-index row, one transaction), 10 at a time. */
async function storageFloor(connectionString: string, tableName: string): Promise<number> {
  const { store, records } = await freshStoreWith(connectionString, tableName, FLOOR_RECORDS, false);
  return ratePerSecond(records, async (record) => {
    await store.create(record);
  });
}

/**
 * The most operations per second this storage can complete, whatever the host: the storage steps of
 * one suspend as the app makes them, from the bench process, 10 at a time, with no bus, service or HTTP:
 * create (with its target row), read, the target-index query, the claim, running, read at the look,
 * over, event marked. Completion over the floor cannot exceed this over the floor.
 */
async function storageCeilingOfCompletion(connectionString: string): Promise<number> {
  const { store, records } = await freshStoreWith(connectionString, 'benchceiling', FLOOR_RECORDS, true);
  return ratePerSecond(records, async (record) => {
    const created = await store.create(record);
    const read = await store.get(record.id);
    await store.listInFlightOn(record.targetKey ?? '');
    const claimed = await store.update(
      { ...record, claim: { holder: 'bench', expiresAt: new Date(Date.now() + 45_000).toISOString() } },
      (read ?? created).etag,
    );
    const now = new Date();
    const startedRecord = applyOutcome(
      withUpstreamOperation(record, { operationId: record.id, status: 'Disabling' }),
      running('Disabling', 1_000),
      now,
      TIMINGS,
    );
    await store.update(startedRecord, claimed.etag);
    const looked = await store.get(record.id);
    const over = await store.update(
      applyOutcome(
        startedRecord,
        succeeded('Succeeded', { endpointStatus: 'Disabled' }),
        new Date(),
        TIMINGS,
      ),
      looked?.etag ?? '',
    );
    await store.update(markEventPublished(over.record, new Date()), over.etag);
  });
}

/**
 * The load generator shares the two cores with the host and Azurite, so it is kept light: plain
 * `node:http` over kept-alive connections, one per concurrent caller (fetch costs several times more
 * CPU per request).
 */
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(url: string, body: unknown): Promise<number> {
  const started = performance.now();
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/commands`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 202) resolve(performance.now() - started);
          else reject(new Error(`POST /api/commands answered ${res.statusCode}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Status checks of endpoints that exist: what is measured is the answer, not what follows. */
async function acceptRun(url: string, admin: SimulatorAdmin): Promise<AcceptFigures> {
  const endpointIds = Array.from({ length: 20 }, () => randomUUID());
  for (const id of endpointIds) await admin.putEndpoint(id);
  const bodies = Array.from({ length: ACCEPT_COMMANDS }, (_, i) => ({
    action: 'status-check',
    target: {
      kind: 'customvoice-endpoint',
      resource: RESOURCE,
      endpointId: endpointIds[i % endpointIds.length],
    },
  }));
  await mapWithConcurrency(bodies.slice(0, WARM_UP), CONNECTIONS, async (body) => {
    await post(url, body);
  });
  const measured = bodies.slice(WARM_UP);
  const started = performance.now();
  const latencies: number[] = [];
  await mapWithConcurrency(measured, CONNECTIONS, async (body) => {
    latencies.push(await post(url, body));
  });
  const perSecond = measured.length / ((performance.now() - started) / 1000);
  return { perSecond, p50Ms: median(latencies), p95Ms: percentile(latencies, 95) };
}

async function completeRun(
  url: string,
  admin: SimulatorAdmin,
  operations: ReturnType<typeof createTableOperationStore>,
): Promise<number> {
  await waitUntilIdle(operations);
  // Warm-up, not counted (as in the floor and the accept runs): the first suspends load the executor's
  // modules and open its connections.
  await suspendAll(url, operations, await endpointsThatSuspendAtOnce(admin, WARM_UP));
  const endpointIds = await endpointsThatSuspendAtOnce(admin, COMPLETE_OPERATIONS);
  const started = performance.now();
  await suspendAll(url, operations, endpointIds);
  return COMPLETE_OPERATIONS / ((performance.now() - started) / 1000);
}

async function endpointsThatSuspendAtOnce(admin: SimulatorAdmin, count: number): Promise<string[]> {
  const endpointIds = Array.from({ length: count }, () => randomUUID());
  await mapWithConcurrency(endpointIds, 8, async (id) => {
    await admin.putEndpoint(id, { suspendSeconds: 0 });
  });
  return endpointIds;
}

/** Suspends every endpoint, then waits until every operation is over with its event out. */
async function suspendAll(
  url: string,
  operations: ReturnType<typeof createTableOperationStore>,
  endpointIds: string[],
): Promise<void> {
  await mapWithConcurrency(endpointIds, CONNECTIONS, async (endpointId) => {
    await post(url, {
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: RESOURCE, endpointId },
    });
  });
  await waitUntilIdle(operations);
}

/** Until no operation has a due-index row: every one terminal and its event handed to the bus. */
async function waitUntilIdle(operations: ReturnType<typeof createTableOperationStore>): Promise<void> {
  const farFuture = new Date(Date.now() + 365 * 86_400_000);
  const deadline = Date.now() + 300_000;
  while ((await operations.listDue(farFuture, 1)).length > 0) {
    if (Date.now() > deadline) throw new Error('Operations still pending after 5 minutes.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}
