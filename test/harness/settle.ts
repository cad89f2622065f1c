import type { ReceiveSource } from '../../src/bus/bus.js';
import type { LocalBus } from '../../src/bus/local-bus.js';
import {
  DEFAULT_COMMANDS_QUEUE,
  DEFAULT_DELIVERIES_QUEUE,
  DEFAULT_EVENTS_TOPIC,
  EVENT_SUBSCRIPTIONS,
} from '../../src/config/names.js';
import type { StandaloneHost } from '../../src/standalone/host.js';
import { waitFor } from './wait-for.js';

/**
 * Waits until the host has nothing left to do, instead of sleeping and hoping: two more poller runs
 * (so anything the poller would still publish has been published), then the commands queue, the app's
 * subscriptions and any `extraSubscriptions` of the events topic and the deliveries queue empty of
 * active, locked and scheduled messages (so every subscriber has seen it all). After this, a count of events or calls is final.
 */
export async function settle(host: StandaloneHost, extraSubscriptions: string[] = []): Promise<void> {
  await host.timers.trigger('pollOperations');
  await host.timers.trigger('pollOperations');
  const bus = host.bus as LocalBus;
  const entities: ReceiveSource[] = [
    { queue: DEFAULT_COMMANDS_QUEUE },
    { queue: DEFAULT_DELIVERIES_QUEUE },
    ...[...Object.values(EVENT_SUBSCRIPTIONS), ...extraSubscriptions].map((subscription) => ({
      topic: DEFAULT_EVENTS_TOPIC,
      subscription,
    })),
  ];
  await waitFor(
    () =>
      entities.every((entity) => {
        const { active, locked, scheduled } = bus.stats(entity);
        return active + locked + scheduled === 0;
      }),
    { timeoutInMs: 45_000, what: 'the local bus to be idle' },
  );
}
