import { z } from 'zod';
import { DEFAULT_COMMANDS_QUEUE, DEFAULT_EVENTS_TOPIC } from './names.js';
import { ConfigurationError, readJson, readPositiveInt, readString, type Env } from './env.js';

const eventWebhooksSchema = z.array(
  z.strictObject({
    // https only, but plain http to this machine for local receivers (deliverWebhook enforces the same).
    url: z.url().refine(isAllowedWebhookUrl, 'url must be https (or http on 127.0.0.1/localhost)'),
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'secret must be a whsec_ Standard Webhooks secret')
      .optional(),
    types: z.array(z.string().min(1)).optional(),
  }),
);

function isAllowedWebhookUrl(value: string): boolean {
  const url = new URL(value);
  return (
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
  );
}

export type EventWebhook = z.infer<typeof eventWebhooksSchema>[number];

/** The pipeline's settings, read once, with defaults from `settings-catalog.ts`. */
export interface CoreSettings {
  commandsQueue: string;
  eventsTopic: string;
  pollerBatchSize: number;
  pollerConcurrency: number;
  statusCheckIntervalInMs: number;
  operationTimeoutInMs: number;
  retentionInMs: number;
  executorMaxAttempts: number;
  eventWebhooks: EventWebhook[];
}

export function readCoreSettings(env: Env): CoreSettings {
  return {
    commandsQueue: readString(env, 'COMMANDS_QUEUE', DEFAULT_COMMANDS_QUEUE),
    eventsTopic: readString(env, 'EVENTS_TOPIC', DEFAULT_EVENTS_TOPIC),
    pollerBatchSize: readPositiveInt(env, 'POLLER_BATCH_SIZE', 100),
    pollerConcurrency: readPositiveInt(env, 'POLLER_CONCURRENCY', 8),
    statusCheckIntervalInMs: readPositiveInt(env, 'STATUS_CHECK_INTERVAL_SECONDS', 5) * 1000,
    operationTimeoutInMs: readPositiveInt(env, 'OPERATION_TIMEOUT_MINUTES', 120) * 60_000,
    retentionInMs: readPositiveInt(env, 'OPERATION_RETENTION_DAYS', 30) * 86_400_000,
    executorMaxAttempts: readPositiveInt(env, 'EXECUTOR_MAX_ATTEMPTS', 8),
    eventWebhooks: readEventWebhooks(env),
  };
}

function readEventWebhooks(env: Env): EventWebhook[] {
  const parsed = eventWebhooksSchema.safeParse(readJson(env, 'EVENT_WEBHOOKS', []));
  if (!parsed.success) {
    // The message names the place but never the value: entries carry signing secrets.
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(
      'EVENT_WEBHOOKS',
      `EVENT_WEBHOOKS is invalid at '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'unexpected shape'}.`,
    );
  }
  return parsed.data;
}
