import {
  EVENT_SUBSCRIPTIONS,
  DEFAULT_COMMANDS_QUEUE,
  DEFAULT_DELIVERIES_QUEUE,
  DEFAULT_EVENTS_TOPIC,
} from '../config/names.js';
import { ConfigurationError, readString, type Env } from '../config/env.js';
import { runsUnderFunctionsHost } from '../config/platform.js';
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

/**
 * Service Bus when a connection is configured (see `serviceBusConnectionFromEnv`), the local bus otherwise;
 * under the Functions host a missing connection is a `ConfigurationError`: an in-process bus there would
 * accept commands that no executor ever sees.
 */
export function createBusFromEnv(
  env: Env,
  options: CreateBusOptions = {},
): { bus: BusClient; kind: BusKind } {
  const connection = serviceBusConnectionFromEnv(env, options.connectionPrefix);
  if (connection) return { bus: createServiceBusClient(connection), kind: 'servicebus' };
  if (runsUnderFunctionsHost(env)) throw missingServiceBusConnection(options.connectionPrefix);
  return { bus: options.local ? options.local() : defaultLocalBus(env), kind: 'local' };
}

/**
 * A local bus with the app's own entities: the commands and deliveries queues and the events topic with
 * its subscriptions.
 */
export function defaultLocalBus(env: Env): BusClient {
  const bus = createLocalBus();
  bus.declareQueue(readString(env, 'COMMANDS_QUEUE', DEFAULT_COMMANDS_QUEUE));
  bus.declareQueue(readString(env, 'DELIVERIES_QUEUE', DEFAULT_DELIVERIES_QUEUE));
  bus.declareTopic(readString(env, 'EVENTS_TOPIC', DEFAULT_EVENTS_TOPIC), Object.values(EVENT_SUBSCRIPTIONS));
  return bus;
}

/** The error for a missing Service Bus connection under the Functions host, naming the settings to set. */
export function missingServiceBusConnection(prefix = 'ServiceBusConnection'): ConfigurationError {
  return new ConfigurationError(
    prefix,
    `${prefix} is required under the Functions host: set ${prefix}__fullyQualifiedNamespace (managed identity) or ${prefix} (a connection string). Without it commands would be accepted and lost, so none is.`,
  );
}
