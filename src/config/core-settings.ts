import { z } from 'zod';
import { isStandardWebhookSecret } from '../webhooks/standard-webhooks.js';
import { deliverableUrlRule, isDeliverableUrl, type WebhookUrlPolicy } from '../webhooks/url-policy.js';
import { DEFAULT_COMMANDS_QUEUE, DEFAULT_DELIVERIES_QUEUE, DEFAULT_EVENTS_TOPIC } from './names.js';
import { readPublicBaseUrl } from './public-base-url.js';
import {
  ConfigurationError,
  readJson,
  readNonNegativeInt,
  readPositiveInt,
  readPositiveNumber,
  readString,
  type Env,
} from './env.js';

// The same rules deliverWebhook applies, so a setting accepted at start-up can actually be delivered to.
function eventWebhooksSchema(urlPolicy: WebhookUrlPolicy) {
  return z.array(
    z.strictObject({
      url: z
        .string()
        .refine(
          (url) => isDeliverableUrl(url, urlPolicy),
          `url must be ${deliverableUrlRule(urlPolicy)} without credentials`,
        ),
      secret: z
        .string()
        .refine(isStandardWebhookSecret, 'secret must be a whsec_ Standard Webhooks secret')
        .optional(),
      types: z.array(z.string().min(1)).optional(),
    }),
  );
}

export type EventWebhook = z.infer<ReturnType<typeof eventWebhooksSchema>>[number];

/** The pipeline's settings, read once, with defaults from `settings-catalog.ts`. */
export interface CoreSettings {
  commandsQueue: string;
  eventsTopic: string;
  deliveriesQueue: string;
  /** Tries at one webhook delivery failing for a passing reason before it is dead-lettered. */
  webhookDeliveryAttempts: number;
  pollerBatchSize: number;
  pollerConcurrency: number;
  statusCheckIntervalInMs: number;
  sweepGraceInMs: number;
  /** Divides the polling delays (benchmarks against a time-scaled simulator); 1 in production. */
  pollingTimeScale: number;
  operationTimeoutInMs: number;
  retentionInMs: number;
  executorMaxAttempts: number;
  /** How long an execution's in-progress claim on a command stands (`EXECUTOR_CLAIM_SECONDS`). */
  executorClaimInMs: number;
  eventWebhooks: EventWebhook[];
  /** `PUBLIC_BASE_URL`, or the platform's own host name; undefined outside Azure. */
  publicBaseUrl: string | undefined;
}

/**
 * The core settings: a malformed one stops the app. `EVENT_WEBHOOKS` is read apart (`readEventWebhooks`):
 * it belongs to an optional feature that a malformed value switches off alone (composition/features.ts).
 */
export function readCoreSettings(env: Env): Omit<CoreSettings, 'eventWebhooks'> {
  return {
    commandsQueue: readString(env, 'COMMANDS_QUEUE', DEFAULT_COMMANDS_QUEUE),
    eventsTopic: readString(env, 'EVENTS_TOPIC', DEFAULT_EVENTS_TOPIC),
    deliveriesQueue: readString(env, 'DELIVERIES_QUEUE', DEFAULT_DELIVERIES_QUEUE),
    webhookDeliveryAttempts: readPositiveInt(env, 'WEBHOOK_DELIVERY_ATTEMPTS', 8),
    pollerBatchSize: readPositiveInt(env, 'POLLER_BATCH_SIZE', 100),
    pollerConcurrency: readPositiveInt(env, 'POLLER_CONCURRENCY', 8),
    statusCheckIntervalInMs: readPositiveInt(env, 'STATUS_CHECK_INTERVAL_SECONDS', 5) * 1000,
    sweepGraceInMs: readNonNegativeInt(env, 'POLLER_SWEEP_GRACE_SECONDS', 30) * 1000,
    pollingTimeScale: readPositiveNumber(env, 'POLLING_TIME_SCALE', 1),
    operationTimeoutInMs: readPositiveInt(env, 'OPERATION_TIMEOUT_MINUTES', 120) * 60_000,
    retentionInMs: readPositiveInt(env, 'OPERATION_RETENTION_DAYS', 30) * 86_400_000,
    executorMaxAttempts: readPositiveInt(env, 'EXECUTOR_MAX_ATTEMPTS', 8),
    executorClaimInMs: readPositiveInt(env, 'EXECUTOR_CLAIM_SECONDS', 45) * 1000,
    publicBaseUrl: readPublicBaseUrl(env),
  };
}

/**
 * Reads `EVENT_WEBHOOKS`; throws `ConfigurationError` naming the place of the problem, never the value.
 * `urlPolicy` is the composition root's decision on loopback webhook URLs (`loopbackAllowedFromEnv`).
 */
export function readEventWebhooks(env: Env, urlPolicy: WebhookUrlPolicy): EventWebhook[] {
  const parsed = eventWebhooksSchema(urlPolicy).safeParse(readJson(env, 'EVENT_WEBHOOKS', []));
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
