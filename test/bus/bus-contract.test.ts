import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceBusAdministrationClient } from '@azure/service-bus';
import { createLocalBus } from '../../src/bus/local-bus.js';
import { createServiceBusClient } from '../../src/bus/service-bus-client.js';
import { describeBusContract } from './bus-contract.js';

const MAX_DELIVERY_COUNT = 3;

describeBusContract('local bus', () => {
  const bus = createLocalBus({ lockDurationInMs: 5_000, maxDeliveryCount: MAX_DELIVERY_COUNT });
  bus.declareQueue('contract-commands');
  bus.declareTopic('contract-events', ['first', 'second']);
  return Promise.resolve({
    bus,
    queue: 'contract-commands',
    topic: 'contract-events',
    subscriptions: ['first', 'second'],
    maxDeliveryCount: MAX_DELIVERY_COUNT,
    quietWaitInMs: 150,
    close: () => bus.close(),
  });
});

// The same semantics when the local bus keeps its state on disk (the standalone host's default).
describeBusContract('local bus on disk', () => {
  const directory = mkdtempSync(join(tmpdir(), 'bus-contract-'));
  const bus = createLocalBus({
    lockDurationInMs: 5_000,
    maxDeliveryCount: MAX_DELIVERY_COUNT,
    directory,
  });
  bus.declareQueue('contract-commands');
  bus.declareTopic('contract-events', ['first', 'second']);
  return Promise.resolve({
    bus,
    queue: 'contract-commands',
    topic: 'contract-events',
    subscriptions: ['first', 'second'],
    maxDeliveryCount: MAX_DELIVERY_COUNT,
    quietWaitInMs: 150,
    close: async () => {
      await bus.close();
      rmSync(directory, { recursive: true, force: true });
    },
  });
});

// The same suite against a real namespace, only when one is given: temporary entities, deleted afterwards.
const connectionString = process.env.SERVICEBUS_CONNECTION_STRING?.trim();
if (connectionString) {
  describeBusContract('Azure Service Bus', async () => {
    const admin = new ServiceBusAdministrationClient(connectionString);
    const suffix = randomUUID().slice(0, 8);
    const queue = `cognitive-ops-contract-${suffix}`;
    const topic = `cognitive-ops-contract-events-${suffix}`;
    const entityOptions = {
      lockDuration: 'PT5S',
      maxDeliveryCount: MAX_DELIVERY_COUNT,
      // A safety net if a run dies before its clean-up.
      autoDeleteOnIdle: 'PT1H',
    };
    await admin.createQueue(queue, {
      ...entityOptions,
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT10M',
    });
    await admin.createTopic(topic, {
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT10M',
      autoDeleteOnIdle: 'PT1H',
    });
    await admin.createSubscription(topic, 'first', entityOptions);
    await admin.createSubscription(topic, 'second', entityOptions);
    const bus = createServiceBusClient({ connectionString });
    return {
      bus,
      queue,
      topic,
      subscriptions: ['first', 'second'],
      maxDeliveryCount: MAX_DELIVERY_COUNT,
      close: async () => {
        await bus.close();
        await admin.deleteQueue(queue);
        await admin.deleteTopic(topic);
      },
    };
  });
}
