import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EventWebhook } from '../config/core-settings.js';
import type { OperationEvent } from '../domain/operation-event.js';
import { parseOperationEvent } from '../domain/parse-operation-event.js';
import type { RetryPolicy } from '../shared/backoff.js';
import { payloadValue } from '../shared/message-payload.js';
import { webhookRetryDelayInMs } from '../webhooks/retry-schedule.js';

/**
 * One webhook delivery as it travels on the `deliveries` queue: one event for one subscriber. The rules
 * here (which subscribers get an event, the message ids, what a failed try leads to) are pure.
 *
 * The message names its subscriber by a hash of the URL (plus its index and host, for people), never by
 * the URL or secret: URLs often carry credentials and secrets sign. The delivery looks the subscriber up
 * in `EVENT_WEBHOOKS` when it runs, so a rotated secret is used at once and a removed subscriber is not
 * called.
 */
export interface SubscriberRef {
  /** Position in `EVENT_WEBHOOKS` when the event was fanned out (a hint; the hash decides). */
  index: number;
  /** The URL's host, which logs and error messages may name. */
  host: string;
  urlHash: string;
}

export interface DeliveryMessage {
  subscriber: SubscriberRef;
  event: OperationEvent;
}

/** A delivery about to be sent to the queue, with what the bus needs to know about it. */
export interface QueuedDelivery {
  delivery: DeliveryMessage;
  messageId: string;
  /** 1 for the first try, then one more per scheduled retry; the `attempt` application property. */
  attempt: number;
  notBefore?: Date;
}

/**
 * How deliveries are retried by scheduled redelivery: the subscriber's Retry-After up to an hour, else
 * 10 s doubling up to 10 min (with jitter). With the default 8 attempts a subscriber that stays down
 * gets about 20 minutes before the delivery is dead-lettered.
 */
export const DELIVERY_RETRY_POLICY: RetryPolicy = {
  baseDelayInMs: 10_000,
  maxDelayInMs: 10 * 60_000,
  maxRetryAfterInMs: 60 * 60_000,
};

export const DELIVERY_DEAD_LETTER_REASONS = {
  /** Passing failures (network, 408/429/5xx) on every attempt. */
  failed: 'DeliveryFailed',
  /** The subscriber answered a status that a retry would get again (another 4xx, 501, 505). */
  refused: 'DeliveryRefused',
  /** No subscriber in `EVENT_WEBHOOKS` has this URL any more. */
  subscriberNotConfigured: 'SubscriberNotConfigured',
  /** The message is not a delivery. */
  invalid: 'InvalidDelivery',
} as const;

/** Whether a subscriber wants this event type (no `types` means every type). */
export function wantsEvent(webhook: EventWebhook, event: OperationEvent): boolean {
  return !webhook.types || webhook.types.includes(event.type);
}

export function subscriberUrlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

/**
 * One delivery per matching subscriber. The message id is the event id plus the URL hash: a fan-out run
 * again for the same event (a redelivered topic message) sends the same ids, which duplicate detection
 * drops, so no subscriber is called twice for it.
 */
export function fanOut(event: OperationEvent, webhooks: EventWebhook[]): QueuedDelivery[] {
  return webhooks.flatMap((webhook, index) => {
    if (!wantsEvent(webhook, event)) return [];
    const urlHash = subscriberUrlHash(webhook.url);
    return [
      {
        delivery: { subscriber: { index, host: new URL(webhook.url).host, urlHash }, event },
        messageId: `${event.id}:${urlHash}`,
        attempt: 1,
      },
    ];
  });
}

/** The subscriber a delivery names, if `EVENT_WEBHOOKS` still has it (the one at its index first). */
export function findSubscriber(webhooks: EventWebhook[], ref: SubscriberRef): EventWebhook | undefined {
  const atIndex = webhooks[ref.index];
  if (atIndex && subscriberUrlHash(atIndex.url) === ref.urlHash) return atIndex;
  return webhooks.find((webhook) => subscriberUrlHash(webhook.url) === ref.urlHash);
}

const ATTEMPT_SUFFIX = /:attempt-\d+$/;

/**
 * The id of the scheduled copy for try `attempt`: derived from the id of the message being retried, so a
 * retry scheduled twice (the first message redelivered after a crash) is dropped as a duplicate, and a
 * replayed delivery (which has a replay id of its own) gets retry ids no earlier run used.
 */
export function retryMessageId(receivedMessageId: string, attempt: number): string {
  return `${receivedMessageId.replace(ATTEMPT_SUFFIX, '')}:attempt-${attempt}`;
}

export class InvalidDeliveryError extends Error {
  override readonly name = 'InvalidDeliveryError';
}

const subscriberRefSchema = z.object({
  index: z.number().int().min(0),
  host: z.string(),
  urlHash: z.string().regex(/^[0-9a-f]{16}$/),
});

/** The delivery from a trigger payload (object, JSON text or bytes); `InvalidDeliveryError` otherwise. */
export function parseDeliveryMessage(message: unknown): DeliveryMessage {
  let value: unknown;
  try {
    value = payloadValue(message);
  } catch {
    throw new InvalidDeliveryError('The message is not JSON.');
  }
  const shape = z.object({ subscriber: subscriberRefSchema, event: z.unknown() }).safeParse(value);
  if (!shape.success) throw new InvalidDeliveryError('The message is not a webhook delivery.');
  try {
    return { subscriber: shape.data.subscriber, event: parseOperationEvent(shape.data.event) };
  } catch {
    throw new InvalidDeliveryError('The message does not carry an operation event.');
  }
}

/** What a try that did not get a 2xx leads to. */
export type AfterFailedTry =
  | { kind: 'retry'; attempt: number; delayInMs: number }
  | { kind: 'dead-letter'; reason: string; description: string };

export interface FailedTry {
  /** Absent after a network failure or timeout. */
  status?: number;
  retryAfter?: string;
  /** Says what happened, naming the host only (see `WebhookDeliveryError`). */
  description: string;
}

/**
 * A passing failure is tried again later (after Retry-After, else backoff) until `maxAttempts` tries
 * were made, then dead-lettered `DeliveryFailed`; a refusal is dead-lettered `DeliveryRefused` at once.
 */
export function afterFailedTry(
  failure: FailedTry,
  attempt: number,
  maxAttempts: number,
  now: Date,
  random: () => number = Math.random,
): AfterFailedTry {
  const delayInMs = webhookRetryDelayInMs(
    {
      ...(failure.status === undefined ? {} : { status: failure.status }),
      ...(failure.retryAfter ? { retryAfter: failure.retryAfter } : {}),
    },
    attempt - 1,
    DELIVERY_RETRY_POLICY,
    random,
    now,
  );
  if (delayInMs === undefined) {
    return {
      kind: 'dead-letter',
      reason: DELIVERY_DEAD_LETTER_REASONS.refused,
      description: failure.description,
    };
  }
  if (attempt >= maxAttempts) {
    return {
      kind: 'dead-letter',
      reason: DELIVERY_DEAD_LETTER_REASONS.failed,
      description: `${failure.description} Gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}.`,
    };
  }
  return { kind: 'retry', attempt: attempt + 1, delayInMs };
}
