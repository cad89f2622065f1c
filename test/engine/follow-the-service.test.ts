import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAiResourceRegistry } from '../../src/clients/registry.js';
import type { Command } from '../../src/domain/command.js';
import type { LifecycleTimings } from '../../src/domain/lifecycle.js';
import { executeCommand, type ExecutorDeps } from '../../src/engine/executor.js';
import { pollOperations } from '../../src/engine/poller.js';
import { operationKinds } from '../../src/kinds/index.js';
import type { CommandQueue, EventPublisher, Log } from '../../src/pipeline/ports.js';
import type { OperationEvent } from '../../src/domain/operation-event.js';
import { MemoryOperationStore } from '../chatops/support/memory-operation-store.js';
import { json, startStubServer, type ReceivedRequest, type StubServer } from '../clients/stub-server.js';

/**
 * The engine follows what the service said: the first look waits for the start answer's Retry-After,
 * and later looks go to the `Operation-Location` the service named (on the resource's own host only).
 * A stub service on loopback answers, so each header can be set exactly.
 */

const TIMINGS: LifecycleTimings = {
  statusCheckIntervalInMs: 1_000,
  recoveryDelayInMs: 60_000,
  operationTimeoutInMs: 3_600_000,
};
const quiet: Log = { log: () => undefined, warn: () => undefined, error: () => undefined };
const START = new Date('2026-03-02T08:00:00.000Z');

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.received.length = 0;
});

function endpointBody(id: string, status: string) {
  return {
    id,
    projectId: 'Jessica',
    modelId: 'Jessica',
    properties: { kind: 'FastResume' },
    status,
    createdDateTime: '2026-01-01T00:00:00.000Z',
    lastActionDateTime: '2026-01-01T00:00:00.000Z',
  };
}

interface Service {
  /** Headers of the 202 that starts the suspend. */
  startHeaders: Record<string, string>;
  /** Status word of the operation once it is read after the start. */
  operationStatus: string;
}

/** A custom voice service that knows one endpoint and starts (then reports) one suspend. */
function serve(endpointId: string, service: Service): void {
  let started = false;
  stub.answer((request: ReceivedRequest, response: ServerResponse) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'POST' && path === `/customvoice/endpoints/${endpointId}:suspend`) {
      started = true;
      json(response, 202, endpointBody(endpointId, 'Disabling'), service.startHeaders);
    } else if (request.method === 'GET' && path === `/customvoice/endpoints/${endpointId}`) {
      json(response, 200, endpointBody(endpointId, started ? 'Disabled' : 'Succeeded'));
    } else if (request.method === 'GET' && path.startsWith('/customvoice/operations/') && started) {
      json(response, 200, { id: path.split('/').pop(), status: service.operationStatus });
    } else {
      json(response, 404, { error: { code: 'NotFound', message: 'Not here.' } });
    }
  });
}

function setUp() {
  const operations = new MemoryOperationStore();
  const events: OperationEvent[] = [];
  const clock = { current: START, now: () => new Date(clock.current) };
  const publisher: EventPublisher = {
    publish: (event) => {
      events.push(event);
      return Promise.resolve();
    },
  };
  const commands: CommandQueue = { send: () => Promise.resolve() };
  const deps: ExecutorDeps = {
    operations,
    ai: createAiResourceRegistry([
      { name: 'stub', endpoint: stub.url, auth: { kind: 'key', apiKey: () => 'stub-key' } },
    ]),
    kinds: operationKinds,
    commands,
    events: publisher,
    clock,
    timings: TIMINGS,
    maxAttempts: 3,
  };
  return { deps, operations, events, clock };
}

function suspendCommand(endpointId: string): Command {
  return {
    id: randomUUID(),
    action: 'suspend',
    target: { kind: 'customvoice-endpoint', resource: 'stub', endpointId },
    requestedBy: { source: 'http' },
    requestedDateTime: START.toISOString(),
  };
}

async function startSuspend(startHeaders: Record<string, string>, operationStatus = 'Succeeded') {
  const endpointId = randomUUID();
  serve(endpointId, { startHeaders, operationStatus });
  const setup = setUp();
  const command = suspendCommand(endpointId);
  await executeCommand(setup.deps, command, { attempt: 1 }, quiet);
  const record = (await setup.operations.get(command.id))?.record;
  return { ...setup, command, record, endpointId };
}

describe('the first look after a start', () => {
  it.each([
    ['Retry-After', { 'Retry-After': '7' }, 7_000],
    ['retry-after-ms', { 'retry-after-ms': '2500' }, 2_500],
    ['x-ms-retry-after-ms', { 'x-ms-retry-after-ms': '4200' }, 4_200],
  ])('waits as long as the start answer asked with %s', async (_name, headers, waitInMs) => {
    const { record, command } = await startSuspend({
      'Operation-Id': 'ignored-by-test',
      'Operation-Location': `${stub.url}/customvoice/operations/any?api-version=2026-01-01`,
      ...headers,
    });
    expect(record?.status).toBe('Running');
    expect(record?.id).toBe(command.id);
    expect(record?.nextCheckAt).toBe(new Date(START.getTime() + waitInMs).toISOString());
  });

  it('uses the configured interval when the start answer names no wait', async () => {
    const { record } = await startSuspend({
      'Operation-Location': `${stub.url}/customvoice/operations/any?api-version=2026-01-01`,
    });
    expect(record?.nextCheckAt).toBe(
      new Date(START.getTime() + TIMINGS.statusCheckIntervalInMs).toISOString(),
    );
  });
});

describe('the status monitor the service named', () => {
  it('is where the poller looks, exactly as given, and the suspend then succeeds with one event', async () => {
    const monitor = `/customvoice/operations/monitor-${randomUUID()}?api-version=2026-01-01&token=abc`;
    const { deps, events, clock, command, record } = await startSuspend({
      'Operation-Location': `${stub.url}${monitor}`,
    });
    expect(record?.upstream?.operationLocation).toBe(`${stub.url}${monitor}`);
    stub.received.length = 0;

    clock.current = new Date(START.getTime() + 60_000);
    await pollOperations({ ...deps, batchSize: 10, concurrency: 1 }, quiet);

    const operationReads = stub.received.filter((request) =>
      request.url.startsWith('/customvoice/operations/'),
    );
    expect(operationReads.map((request) => request.url)).toEqual([monitor]);
    const done = (await deps.operations.get(command.id))?.record;
    expect(done?.status).toBe('Succeeded');
    expect(done?.result?.endpointStatus).toBe('Disabled');
    expect(events.map((event) => event.subject)).toEqual([command.id]);
  });

  it('is not followed to another host: the operation is read at its own address on the resource', async () => {
    const { deps, command } = await startSuspend({
      'Operation-Id': 'elsewhere-op',
      'Operation-Location': 'http://127.0.0.2:9/customvoice/operations/elsewhere-op?api-version=2026-01-01',
    });
    stub.received.length = 0;

    await pollOperations(
      { ...deps, batchSize: 10, concurrency: 1, clock: { now: () => new Date(START.getTime() + 60_000) } },
      quiet,
    );

    const operationReads = stub.received.filter((request) =>
      request.url.startsWith('/customvoice/operations/'),
    );
    expect(operationReads.map((request) => request.url)).toEqual([
      '/customvoice/operations/elsewhere-op?api-version=2026-01-01',
    ]);
    expect((await deps.operations.get(command.id))?.record.status).toBe('Succeeded');
  });
});
