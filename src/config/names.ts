/** Names of the messaging entities and tables, shared by the code, the standalone host and infra/. */
export const DEFAULT_COMMANDS_QUEUE = 'commands';
export const DEFAULT_EVENTS_TOPIC = 'operation-events';
/** One message per event and webhook subscriber, so each subscriber is retried and dead-lettered alone. */
export const DEFAULT_DELIVERIES_QUEUE = 'deliveries';

/** Subscriptions on the events topic that the app's own subscribers read. */
export const EVENT_SUBSCRIPTIONS = {
  webhooks: 'webhooks',
  log: 'log',
  chatReplies: 'chat-replies',
} as const;

/** Application property carrying the CloudEvents type, so subscriptions can filter on it. */
export const EVENT_TYPE_PROPERTY = 'eventType';

export const TABLES = {
  operations: 'operations',
  schedules: 'schedules',
  /** Observed operation durations, read by the next-look rule (`storage/table-duration-history.ts`). */
  durations: 'durations',
} as const;
