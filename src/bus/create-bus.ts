import { EVENT_SUBSCRIPTIONS, DEFAULT_COMMANDS_QUEUE, DEFAULT_EVENTS_TOPIC } from '../config/names.js';
import { readString, type Env } from '../config/env.js';
import type { BusClient } from './bus.js';
import { createLocalBus } from './local-bus.js';
import { createServiceBusClient, serviceBusConnectionFromEnv } from './service-bus-client.js';

export type BusKind = 'servicebus' | 'local';

export interface CreateBusOptions {
  /** Builds the bus used when no Service Bus connection is configured (default: `defaultLocalBus(env)`). */
  local?: () => BusClient;
  /** Setting-name prefix of the Service Bus connection (default `ServiceBusConnection`). */
  connectionPrefix?: string;
}

/** Service Bus when a connection is configured (see `serviceBusConnectionFromEnv`), the local bus otherwise. */
export function createBusFromEnv(
  env: Env,
  options: CreateBusOptions = {},
): { bus: BusClient; kind: BusKind } {
  const connection = serviceBusConnectionFromEnv(env, options.connectionPrefix);
  if (connection) return { bus: createServiceBusClient(connection), kind: 'servicebus' };
  return { bus: options.local ? options.local() : defaultLocalBus(env), kind: 'local' };
}

/** A local bus with the app's own entities: the commands queue and the events topic with its subscriptions. */
export function defaultLocalBus(env: Env): BusClient {
  const bus = createLocalBus();
  bus.declareQueue(readString(env, 'COMMANDS_QUEUE', DEFAULT_COMMANDS_QUEUE));
  bus.declareTopic(readString(env, 'EVENTS_TOPIC', DEFAULT_EVENTS_TOPIC), Object.values(EVENT_SUBSCRIPTIONS));
  return bus;
}
