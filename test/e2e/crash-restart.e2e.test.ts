import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';

/**
 * The real `npm start` (npm, sh, tsx, the host, Azurite: one process group) killed with SIGKILL at three
 * moments and started again on the same STANDALONE_DATA_DIR, against a simulator and a webhook
 * subscriber that keep running in this process. Whatever was answered 202 must finish, once.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const COMMANDS = 24;
/** Long enough that a kill lands while suspends are still running upstream. */
const SUSPEND_SECONDS = 3;
/** A subscriber this slow has deliveries in flight when the host is killed. */
const RECEIVER_DELAY_IN_MS = 1_500;
const BOOT_TIMEOUT_IN_MS = 120_000;

interface Delivery {
  webhookId: string;
  operationId: string;
  type: string;
}

interface RunningNpmStart {
  child: ChildProcess;
  url: string;
  output(): string;
}

const simulator = useSimulator();
const deliveries: Delivery[] = [];
let receiver: Server;
let receiverUrl = '';
let dataDir = '';
const started: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crash-restart-'));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        type: string;
        data: { id: string };
      };
      deliveries.push({
        webhookId: String(req.headers['webhook-id']),
        operationId: event.data.id,
        type: event.type,
      });
      setTimeout(() => res.writeHead(200).end(), RECEIVER_DELAY_IN_MS);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}/events`;
});

afterAll(async () => {
  for (const child of started) if (child.pid && isGroupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startNpm(): Promise<RunningNpmStart> {
  let output = '';
  // Its own process group, as a terminal gives it, so that the whole of it can be killed at once.
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: '0',
      STANDALONE_DATA_DIR: dataDir,
      // The simulator outlives the host: point the host at it instead of starting its own.
      AI_RESOURCES: JSON.stringify({ simulator: { endpoint: simulator.url(), auth: 'key' } }),
      AI_KEY_SIMULATOR: 'simulator-key',
      EVENT_WEBHOOKS: JSON.stringify([{ url: receiverUrl }]),
    },
  });
  started.push(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes('Press Ctrl-C to stop.') || child.exitCode !== null, {
    timeoutInMs: BOOT_TIMEOUT_IN_MS,
    what: 'the start banner',
  });
  const url = /POST\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/commands/.exec(output)?.[1];
  expect(url, output).toBeDefined();
  return { child, url: url!, output: () => output };
}

async function killGroup({ child }: RunningNpmStart): Promise<void> {
  process.kill(-child.pid!, 'SIGKILL');
  await waitFor(() => !isGroupAlive(child.pid!), { timeoutInMs: 10_000, what: 'the process group to end' });
}

async function submitSuspend(baseUrl: string, endpointId: string, operationId: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'operation-id': operationId },
    body: JSON.stringify({
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId },
    }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function operationStatus(baseUrl: string, id: string): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/api/operations/${id}`);
  if (response.status !== 200) return undefined;
  return ((await response.json()) as { status: string }).status;
}

describe('npm start killed with SIGKILL and started again on the same data directory', () => {
  it('finishes every accepted command once, with one event each, and keeps schedules and overrides', async () => {
    const endpoints = Array.from({ length: COMMANDS }, () => randomUUID());
    for (const endpointId of endpoints) {
      await simulator
        .admin()
        .putEndpoint(endpointId, { status: 'Succeeded', suspendSeconds: SUSPEND_SECONDS });
    }
    const scheduledEndpoint = randomUUID();
    await simulator.admin().putEndpoint(scheduledEndpoint, { status: 'Succeeded' });
    const accepted = new Map<string, string>(); // operation id -> endpoint id

    // 1. Killed while commands are being accepted.
    let run = await startNpm();
    const schedule = {
      targets: [{ resource: 'simulator', endpointId: scheduledEndpoint }],
      timeZone: 'Europe/Berlin',
      suspendAt: '0 0 3 1 1 *',
      resumeAt: '0 0 4 1 1 *',
    };
    const putSchedule = await fetch(`${run.url}/api/schedules/crash-test`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(schedule),
    });
    expect(putSchedule.status).toBe(201);
    const until = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const postOverride = await fetch(`${run.url}/api/schedules/crash-test/overrides`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ until, hold: 'running' }),
    });
    expect(postOverride.status).toBe(201);
    const overrideId = ((await postOverride.json()) as { id: string }).id;

    const acceptingRun = run;
    let killing: Promise<void> | undefined;
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let index = lane; index < COMMANDS && !killing; index += 4) {
          const operationId = randomUUID();
          const status = await submitSuspend(acceptingRun.url, endpoints[index]!, operationId).catch(
            () => undefined,
          );
          if (status === 202) accepted.set(operationId, endpoints[index]!);
          if (accepted.size >= COMMANDS / 2 && !killing) killing = killGroup(acceptingRun);
        }
      }),
    );
    await killing;
    expect(accepted.size).toBeGreaterThanOrEqual(COMMANDS / 2);

    // 2. Killed while the accepted commands execute: some suspends started upstream, not all finished.
    const suspendedEndpoints = async (): Promise<Set<string>> =>
      new Set(
        (await simulator.admin().requests())
          .filter((r) => r.method === 'POST' && r.path.endsWith(':suspend'))
          .map((r) => r.path),
      );
    const startedBefore = (await suspendedEndpoints()).size;
    const toStart = Math.min(2, accepted.size - startedBefore);
    run = await startNpm();
    await waitFor(async () => (await suspendedEndpoints()).size >= startedBefore + toStart, {
      timeoutInMs: 60_000,
      what: 'suspends to start upstream',
    });
    await killGroup(run);

    // 3. Killed while completion events are being delivered to the (slow) subscriber.
    run = await startNpm();
    const deliveredBefore = new Set(deliveries.map((d) => d.operationId)).size;
    await waitFor(() => new Set(deliveries.map((d) => d.operationId)).size >= deliveredBefore + 2, {
      timeoutInMs: 60_000,
      what: 'events to be delivered',
    });
    await killGroup(run);

    // 4. The last run finishes everything.
    run = await startNpm();
    const finalRun = run;
    const statusesNow = (): Promise<Array<string | undefined>> =>
      Promise.all([...accepted.keys()].map((id) => operationStatus(finalRun.url, id)));
    const isTerminal = (status: string | undefined): boolean =>
      status === 'Succeeded' || status === 'Failed' || status === 'Canceled';
    // On a timeout the assertions below show which commands were lost or stuck.
    await waitFor(async () => (await statusesNow()).every(isTerminal), {
      timeoutInMs: 90_000,
      what: 'every accepted command to finish',
    }).catch(() => undefined);
    expect(await statusesNow()).toEqual([...accepted.keys()].map(() => 'Succeeded'));
    await waitFor(() => [...accepted.keys()].every((id) => deliveries.some((d) => d.operationId === id)), {
      timeoutInMs: 60_000,
      what: 'an event for every accepted command',
    }).catch(() => undefined);

    // Exactly one event id per operation, none missing (a redelivery repeats the same webhook-id).
    const eventIds = new Map<string, Set<string>>();
    for (const { operationId, webhookId } of deliveries) {
      eventIds.set(operationId, (eventIds.get(operationId) ?? new Set()).add(webhookId));
    }
    const perOperation = [...accepted.keys()].map((id) => eventIds.get(id)?.size ?? 0);
    expect(perOperation).toEqual([...accepted.keys()].map(() => 1));

    // Upstream: each accepted command's endpoint is suspended, under one Operation-Id however often asked.
    const suspends = (await simulator.admin().requests()).filter(
      (r) => r.method === 'POST' && r.path.endsWith(':suspend'),
    );
    for (const [operationId, endpointId] of accepted) {
      const calls = suspends.filter((r) => r.path.includes(endpointId));
      expect(new Set(calls.map((r) => r.operationId)), `suspends of ${endpointId}`).toEqual(
        new Set([operationId]),
      );
    }

    // Schedules and overrides written before the first kill are still there.
    const scheduleAfter = await fetch(`${finalRun.url}/api/schedules/crash-test`);
    expect(scheduleAfter.status).toBe(200);
    expect(await scheduleAfter.json()).toMatchObject({ name: 'crash-test', suspendAt: schedule.suspendAt });
    const overrides = (await (await fetch(`${finalRun.url}/api/schedules/crash-test/overrides`)).json()) as {
      value: Array<{ id: string }>;
    };
    expect(overrides.value.map((o) => o.id)).toContain(overrideId);

    // SIGTERM to the npm process alone stops the whole group.
    const exited = new Promise((resolve) => finalRun.child.once('exit', resolve));
    finalRun.child.kill('SIGTERM');
    await exited;
    await waitFor(() => !isGroupAlive(finalRun.child.pid!), {
      timeoutInMs: 30_000,
      what: 'every process of npm start to stop after SIGTERM to npm',
    });
  }, 420_000);
});
