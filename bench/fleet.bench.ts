import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { TABLES } from '../src/config/names.js';
import { mapWithConcurrency } from '../src/shared/concurrency.js';
import { SimulatorAdmin, type SimulatorRequest } from '../src/simulator/admin-client.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/server.js';
import { startAzuriteTables } from '../src/standalone/azurite.js';
import { createTableOperationStore } from '../src/storage/table-operation-store.js';
import { startHostProcess } from './host-process.js';
import { round2 } from './stats.js';
import { CUSTOM_VOICE_API_VERSION, SIMULATOR_KEY } from './fixtures.js';
import type { BenchResult } from './types.js';

/**
 * A fleet: 500 custom voice endpoints suspended at one instant against an AI resource limited to 20
 * requests/s (the simulator's rate limit), by `npm start` with `maxRequestsPerSecond: 20` for that
 * resource, against a naive client on the same simulator: every suspend at once, a status GET every 2 s,
 * each 429 retried after its Retry-After. Time until every endpoint is Disabled, calls, and 429s; the
 * time the limit itself imposes is the calls the app needed (its calls that were not 429s) over 20/s.
 *
 * The instant is 500 POST /api/commands at once (50 connections): what a schedule's timer submits at
 * 19:00, without waiting for a wall-clock minute.
 */
const ENDPOINTS = Number(process.env.BENCH_FLEET ?? 500);
const LIMIT_PER_SECOND = 20;
const SUSPEND_SECONDS = 1;
const NAIVE_POLL_MS = 2_000;
/** The fewest calls a suspend can make: read the endpoint, suspend, one status look, read the result. */
const FEWEST_CALLS_PER_SUSPEND = 4;

export async function run(): Promise<BenchResult> {
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0, key: SIMULATOR_KEY, seed: false });
  try {
    const admin = new SimulatorAdmin(simulator.url);
    console.log(`  naive client, ${ENDPOINTS} endpoints at ${LIMIT_PER_SECOND} req/s ...`);
    const naive = await naiveRun(simulator, admin);
    console.log(
      `  naive: ${naive.seconds.toFixed(1)} s, ${naive.calls} calls, ${naive.throttled} 429s; the app ...`,
    );
    const app = await appRun(simulator, admin);
    const imposedSeconds = (app.calls - app.throttled) / LIMIT_PER_SECOND;
    const fewestSeconds = (ENDPOINTS * FEWEST_CALLS_PER_SUSPEND) / LIMIT_PER_SECOND;
    console.log(
      `  app: ${app.seconds.toFixed(1)} s (limit imposes ${imposedSeconds.toFixed(1)} s), ${app.calls} calls, ${app.throttled} 429s, ${app.failed} failed`,
    );
    return {
      name: `${ENDPOINTS} endpoints suspended at one instant, resource limited to ${LIMIT_PER_SECOND} requests/s`,
      baselineName: 'the time the rate limit imposes on the calls the app needed',
      figures: {
        endpoints: ENDPOINTS,
        appSeconds: round2(app.seconds),
        imposedSeconds: round2(imposedSeconds),
        fewestCallsImposedSeconds: round2(fewestSeconds),
        appCalls: app.calls,
        app429s: app.throttled,
        app429Percent: round2((100 * app.throttled) / app.calls),
        appFailed: app.failed,
        naiveSeconds: round2(naive.seconds),
        naiveCalls: naive.calls,
        naive429s: naive.throttled,
        naive429Percent: round2((100 * naive.throttled) / naive.calls),
        appOverNaiveSeconds: round2(app.seconds / naive.seconds),
      },
      ratio: round2(app.seconds / imposedSeconds),
    };
  } finally {
    await simulator.close();
  }
}

/** Fresh endpoints that suspend in a second, the limit switched on, the request log empty. */
async function prepare(admin: SimulatorAdmin): Promise<string[]> {
  await admin.reset();
  await admin.clearRateLimit();
  const endpointIds = Array.from({ length: ENDPOINTS }, () => randomUUID());
  await mapWithConcurrency(endpointIds, 16, async (id) => {
    await admin.putEndpoint(id, { status: 'Succeeded', suspendSeconds: SUSPEND_SECONDS });
  });
  await admin.setRateLimit({ requestsPerSecond: LIMIT_PER_SECOND });
  await admin.clearRequests();
  return endpointIds;
}

function countCalls(log: SimulatorRequest[]): { calls: number; throttled: number } {
  return { calls: log.length, throttled: log.filter((request) => request.status === 429).length };
}

async function appRun(simulator: RunningSimulator, admin: SimulatorAdmin) {
  const azurite = await startAzuriteTables();
  try {
    const host = await startHostProcess({
      ownSimulator: false,
      env: {
        AzureWebJobsStorage: azurite.connectionString,
        AI_RESOURCES: JSON.stringify({
          simulator: { endpoint: simulator.url, auth: 'key', maxRequestsPerSecond: LIMIT_PER_SECOND },
        }),
        AI_KEY_SIMULATOR: SIMULATOR_KEY,
      },
    });
    try {
      const operations = createTableOperationStore(
        TableClient.fromConnectionString(azurite.connectionString, TABLES.operations, {
          allowInsecureConnection: true,
        }),
      );
      const endpointIds = await prepare(admin);
      const started = performance.now();
      const ids: string[] = [];
      await mapWithConcurrency(endpointIds, 50, async (endpointId) => {
        const response = await fetch(`${host.url}/api/commands`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            action: 'suspend',
            target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId },
          }),
        });
        await response.arrayBuffer();
        if (response.status !== 202) throw new Error(`POST /api/commands answered ${response.status}`);
        ids.push(response.headers.get('operation-id')!);
      });
      await waitUntilNonePending(operations);
      const seconds = (performance.now() - started) / 1000;
      const counts = countCalls(await admin.requests());
      let failed = 0;
      for (const id of ids) {
        const stored = await operations.get(id);
        if (stored?.record.status !== 'Succeeded') failed += 1;
      }
      return { seconds, ...counts, failed };
    } finally {
      await host.stop();
    }
  } finally {
    await azurite.close();
  }
}

/** Until no operation has a due-index row: every one terminal and its event handed to the bus. */
async function waitUntilNonePending(operations: ReturnType<typeof createTableOperationStore>) {
  const farFuture = new Date(Date.now() + 365 * 86_400_000);
  const deadline = Date.now() + 900_000;
  while ((await operations.listDue(farFuture, 1)).length > 0) {
    if (Date.now() > deadline) throw new Error('Operations still pending after 15 minutes.');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function naiveRun(simulator: RunningSimulator, admin: SimulatorAdmin) {
  const endpointIds = await prepare(admin);
  const started = performance.now();
  await Promise.all(endpointIds.map((endpointId) => naiveSuspend(simulator.url, endpointId)));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, ...countCalls(await admin.requests()) };
}

/** Suspend at once, then GET the operation every 2 s until it is over; a 429 waits its Retry-After. */
async function naiveSuspend(base: string, endpointId: string): Promise<void> {
  const operationId = randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': SIMULATOR_KEY, 'Operation-Id': operationId };
  const call = async (method: string, path: string): Promise<Response | undefined> => {
    const response = await fetch(`${base}/customvoice/${path}?api-version=${CUSTOM_VOICE_API_VERSION}`, {
      method,
      headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
    });
    if (response.status === 429) {
      await response.arrayBuffer();
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
      return undefined;
    }
    if (response.status >= 400) throw new Error(`${method} ${path} answered ${response.status}`);
    return response;
  };
  while (!(await call('POST', `endpoints/${endpointId}:suspend`))) {
    // Retry-After already waited.
  }
  for (;;) {
    await sleep(NAIVE_POLL_MS);
    const response = await call('GET', `operations/${operationId}`);
    if (!response) continue;
    const { status } = (await response.json()) as { status: string };
    if (status === 'Succeeded') return;
    if (status === 'Failed') throw new Error(`Suspend of ${endpointId} failed.`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}
