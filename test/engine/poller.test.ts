import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBus, type LocalBus } from '../../src/bus/local-bus.js';
import { createAiResourceRegistry } from '../../src/clients/registry.js';
import type { AiResourceRegistry } from '../../src/clients/types.js';
import { EVENT_SUBSCRIPTIONS } from '../../src/config/names.js';
import type { LifecycleTimings } from '../../src/domain/lifecycle.js';
import { createCommandQueue, createEventPublisher } from '../../src/pipeline/bus-adapters.js';
import { executeCommand } from '../../src/engine/executor.js';
import { pollOperations, type PollerDeps } from '../../src/engine/poller.js';
import { operationKinds } from '../../src/kinds/index.js';
import type { EventPublisher, Log } from '../../src/pipeline/ports.js';
import { createSubmitCommand } from '../../src/pipeline/submit-command.js';
import type { Clock } from '../../src/shared/clock.js';
import { ensureTable } from '../../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../../src/storage/table-operation-store.js';
import type { OperationStore } from '../../src/storage/operation-store.js';
import { useSimulator } from '../harness/simulator.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';

const TIMINGS: LifecycleTimings = {
  statusCheckIntervalInMs: 1_000,
  recoveryDelayInMs: 60_000,
  operationTimeoutInMs: 3_600_000,
};
const quiet: Log = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A clock the test moves, so "due" is decided by the test and not by how fast the machine is. */
const clock = {
  current: new Date(),
  now(): Date {
    return new Date(this.current);
  },
} satisfies Clock & { current: Date };
const advance = (ms: number) => (clock.current = new Date(clock.current.getTime() + ms));

const simulator = useSimulator({ timeScale: 20 });
let bus: LocalBus;
let operations: OperationStore;
let ai: AiResourceRegistry;

beforeAll(async () => {
  const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('poller'), {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  operations = createTableOperationStore(table);
  bus = createLocalBus();
  bus.declareQueue('commands');
  bus.declareTopic('operation-events', [EVENT_SUBSCRIPTIONS.log]);
  ai = createAiResourceRegistry([
    { name: 'sim', endpoint: simulator.url(), auth: { kind: 'key', apiKey: () => 'simulator-key' } },
  ]);
});
afterAll(async () => {
  await bus.close();
});

function deps(
  events: EventPublisher = createEventPublisher(bus.createSender('operation-events')),
): PollerDeps {
  return {
    operations,
    ai,
    kinds: operationKinds,
    commands: createCommandQueue(bus.createSender('commands')),
    events,
    clock,
    timings: TIMINGS,
    batchSize: 50,
    concurrency: 4,
  };
}

/** Accepts a Face status-check and runs it through the executor once, leaving it Running. */
async function runningFaceCheck(operationId: string): Promise<string> {
  await simulator.admin().putFaceOperation(operationId, { status: 'running', completeAfterSeconds: 3600 });
  const submit = createSubmitCommand({
    operations,
    commands: createCommandQueue(bus.createSender('commands')),
    clock,
    timings: TIMINGS,
    resourceNames: () => ['sim'],
  });
  const { operation } = await submit({
    action: 'status-check',
    target: { kind: 'face-operation', resource: 'sim', operationId },
    requestedBy: { source: 'http' },
  });
  const [message] = await bus
    .createReceiver({ queue: 'commands' })
    .receive({ maxMessageCount: 1, maxWaitTimeInMs: 5_000 });
  await executeCommand({ ...deps(), maxAttempts: 3 }, message!.body, { attempt: 1 }, quiet);
  expect((await operations.get(operation.id))?.record.status).toBe('Running');
  // The service finishes the operation; the next check comes due.
  await simulator.admin().putFaceOperation(operationId, { status: 'succeeded' });
  advance(5_000);
  return operation.id;
}

async function drainEvents(): Promise<Array<{ id: string; subject: string }>> {
  const receiver = bus.createReceiver({ topic: 'operation-events', subscription: EVENT_SUBSCRIPTIONS.log });
  const received = await receiver.receive({ maxMessageCount: 100, maxWaitTimeInMs: 300 });
  for (const message of received) await receiver.complete(message);
  return received.map((m) => m.body as { id: string; subject: string });
}

describe('pollOperations', () => {
  it('run by two instances at once still ends the operation once, with one event', async () => {
    const id = await runningFaceCheck('6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    const [first, second] = await Promise.all([pollOperations(deps(), quiet), pollOperations(deps(), quiet)]);
    // Exactly one of them ended it; the other lost the ETag race or found nothing left to do.
    expect(first.completed + second.completed).toBe(1);
    const loser = first.completed === 1 ? second : first;
    expect(loser.conflicts === 1 || loser.due === 0).toBe(true);
    expect((await operations.get(id))?.record).toMatchObject({ status: 'Succeeded' });

    const events = (await drainEvents()).filter((e) => e.subject === id);
    expect(events).toHaveLength(1);
  });

  it('publishes the event on its next run when the bus failed right after the operation ended', async () => {
    const id = await runningFaceCheck('7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e');
    const failingOnce: EventPublisher = {
      publish: () => Promise.reject(new Error('bus unavailable')),
    };
    await pollOperations(deps(failingOnce), quiet);
    const ended = (await operations.get(id))?.record;
    expect(ended?.status).toBe('Succeeded');
    expect(ended?.eventPublishedDateTime).toBeUndefined();
    expect((await drainEvents()).filter((e) => e.subject === id)).toHaveLength(0);

    await pollOperations(deps(), quiet);
    await pollOperations(deps(), quiet);
    expect((await drainEvents()).filter((e) => e.subject === id)).toHaveLength(1);
    expect((await operations.get(id))?.record.eventPublishedDateTime).toBeDefined();
  });
});
