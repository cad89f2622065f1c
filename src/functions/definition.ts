import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';

/**
 * One definition per function, read by both hosts: `src/index.ts` registers them with the Azure
 * Functions host (`app.http`, `app.timer`, ...) and the standalone host (`src/standalone/`) serves
 * them itself. There is no second list that can drift.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface HttpFunctionDefinition {
  kind: 'http';
  name: string;
  methods: HttpMethod[];
  /** Route template under `/api`, Functions syntax: `operations/{id}`. */
  route: string;
  /**
   * Azure auth level; `function` (a function key) unless a route must be reachable by a platform probe.
   * The standalone host, like `func start`, does not check keys.
   */
  authLevel?: 'anonymous' | 'function';
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

export interface TimerFunctionDefinition {
  kind: 'timer';
  name: string;
  /** App setting holding the NCRONTAB schedule (6 fields, UTC), and the default when it is unset. */
  scheduleSetting: string;
  defaultSchedule: string;
  handler: (timer: Timer, context: InvocationContext) => Promise<void>;
}

export interface ServiceBusQueueFunctionDefinition {
  kind: 'serviceBusQueue';
  name: string;
  /** App setting holding the queue name, and its default. */
  queueSetting: string;
  defaultQueue: string;
  /** Returning completes the message; throwing abandons it (redelivered, dead-lettered after max deliveries). */
  handler: (message: unknown, context: InvocationContext) => Promise<void>;
}

export interface ServiceBusTopicFunctionDefinition {
  kind: 'serviceBusTopic';
  name: string;
  topicSetting: string;
  defaultTopic: string;
  subscription: string;
  handler: (message: unknown, context: InvocationContext) => Promise<void>;
}

export type FunctionDefinition =
  | HttpFunctionDefinition
  | TimerFunctionDefinition
  | ServiceBusQueueFunctionDefinition
  | ServiceBusTopicFunctionDefinition;

/** The Service Bus connection setting prefix every trigger uses (`ServiceBusConnection__fullyQualifiedNamespace`). */
export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';
