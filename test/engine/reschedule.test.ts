import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBus, type LocalBus } from '../../src/bus/local-bus.js';
import type { Command } from '../../src/domain/command.js';
import { createOperationRecord, type LifecycleTimings } from '../../src/domain/lifecycle.js';
import { rescheduleCommand } from '../../src/engine/reschedule.js';
import { deliveryOf } from '../../src/functions/executor.js';
import { toTriggerMetadata } from '../../src/bus/trigger-metadata.js';
import { createCommandQueue } from '../../src/pipeline/bus-adapters.js';
import type { Log } from '../../src/pipeline/ports.js';
import { ensureTable } from '../../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../../src/storage/table-operation-store.js';
import type { OperationStore } from '../../src/storage/operation-store.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';
import { InvocationContext } from '@azure/functions';

const TIMINGS: LifecycleTimings = {
  statusCheckIntervalInMs: 1_000,
  recoveryDelayInMs: 2_000,
  operationTimeoutInMs: 3_600_000,
};
const quiet: Log = { log: () => undefined, warn: () => undefined, error: () => undefined };

let bus: LocalBus;
let operations: OperationStore;

beforeAll(async () => {
  const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('resched'), {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  operations = createTableOperationStore(table);
  bus = createLocalBus();
  bus.declareQueue('commands');
});
afterAll(async () => {
  await bus.close();
});

function suspendCommand(): Command {
  return {
    id: randomUUID(),
    action: 'suspend',
    target: { kind: 'customvoice-endpoint', resource: 'sim', endpointId: randomUUID() },
    requestedBy: { source: 'http' },
    requestedDateTime: new Date().toISOString(),
  };
}

describe('rescheduleCommand', () => {
  it('brings the same try back at its time, once, and keeps the poller from re-sending it meanwhile', async () => {
    const command = suspendCommand();
    const stored = await operations.create(createOperationRecord(command, new Date(), TIMINGS));
    const deps = { commands: createCommandQueue(bus.createSender('commands')), operations, timings: TIMINGS };
    const at = new Date(Date.now() + 3_000);
    const delivery = { attempt: 2 };

    await rescheduleCommand(deps, stored, command, delivery, at, 'budget', quiet);
    // The host died before completing the delivery that rescheduled it: the same delivery runs again.
    await rescheduleCommand(deps, stored, command, delivery, at, 'budget', quiet);

    const record = (await operations.get(command.id))!.record;
    // The recovery sweep would only re-send the command after the time it waits for.
    expect(Date.parse(record.nextCheckAt!)).toBeGreaterThan(at.getTime());

    const receiver = bus.createReceiver({ queue: 'commands' });
    const received = [];
    const deadline = Date.now() + 15_000;
    while (received.length < 2 && Date.now() < deadline) {
      for (const message of await receiver.receive({ maxMessageCount: 5, maxWaitTimeInMs: 1_000 })) {
        received.push({ message, at: Date.now() });
        await receiver.complete(message);
      }
      if (received.length === 1 && Date.now() > at.getTime() + 2_000) break;
    }
    expect(received).toHaveLength(1);
    const [{ message, at: receivedAt }] = received as [(typeof received)[number]];
    expect(receivedAt).toBeGreaterThanOrEqual(at.getTime());
    expect(message.body).toMatchObject({ id: command.id });
    // Same try (a wait uses up no attempt), one wait more: what the executor's trigger reads.
    const context = new InvocationContext({ triggerMetadata: toTriggerMetadata(message) });
    // A fresh message of its own: the bus delivers it for the first time.
    expect(deliveryOf(context)).toEqual({ attempt: 2, waits: 1, deliveryCount: 1 });
  });

  it('leaves the record alone when its recovery time already comes well after the wait', async () => {
    const command = suspendCommand();
    const timings = { ...TIMINGS, recoveryDelayInMs: 600_000 };
    const stored = await operations.create(createOperationRecord(command, new Date(), timings));
    const deps = { commands: createCommandQueue(bus.createSender('commands')), operations, timings };
    await rescheduleCommand(
      deps,
      stored,
      command,
      { attempt: 1 },
      new Date(Date.now() + 1_000),
      'budget',
      quiet,
    );
    expect((await operations.get(command.id))!.etag).toBe(stored.etag);
  });
});
