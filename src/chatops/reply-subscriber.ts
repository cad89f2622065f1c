import type { EndpointAliases } from '../config/aliases.js';
import { parseOperationEvent } from '../domain/parse-operation-event.js';
import type { Log } from '../pipeline/ports.js';
import type { OperationStore } from '../storage/operation-store.js';
import { deliverWebhook, type DeliveryOptions } from '../webhooks/deliver.js';
import { WebhookUrlNotAllowedError, type WebhookUrlPolicy } from '../webhooks/url-policy.js';
import type { ChatOpsConfig } from './config.js';
import { planReply } from './reply-plan.js';

export interface ReplySubscriberDeps {
  config: ChatOpsConfig;
  aliases: EndpointAliases;
  operations: Pick<OperationStore, 'get'>;
  webhookUrlPolicy: WebhookUrlPolicy;
  replyDelivery?: DeliveryOptions;
}

/** A reply that still failed after its retries; thrown so the bus redelivers, then dead-letters. */
export class ReplyDeliveryError extends Error {
  override readonly name = 'ReplyDeliveryError';
}

/**
 * Topic subscriber: tells the person or system that asked for an operation how it ended, at the reply
 * address its command recorded. Operations with no reply address (HTTP API, schedules) are left alone.
 */
export async function replyToCompletion(
  message: unknown,
  deps: ReplySubscriberDeps,
  log: Log,
): Promise<void> {
  const event = parseOperationEvent(message);
  const stored = await deps.operations.get(event.data.id);
  if (!stored) {
    log.warn(`Event ${event.id}: operation ${event.data.id} is not in the store; no chat reply.`);
    return;
  }
  const replyTo = stored.record.requestedBy.replyTo;
  if (replyTo === undefined) return;

  const plan = planReply(event, replyTo, deps.config, deps.aliases);
  if (plan.kind === 'undeliverable') {
    // Retrying cannot fix a missing setting; the log line is the record that a reply was owed.
    log.error(`Operation ${event.data.id}: the ${plan.platform} reply was not sent: ${plan.reason}.`);
    return;
  }
  try {
    const { attempts } = await deliverWebhook(plan.delivery, deps.webhookUrlPolicy, deps.replyDelivery);
    log.log(
      `Operation ${event.data.id}: ${plan.platform} reply delivered (${attempts} attempt${attempts === 1 ? '' : 's'}).`,
    );
  } catch (error) {
    if (error instanceof WebhookUrlNotAllowedError) {
      log.error(`Operation ${event.data.id}: the ${plan.platform} reply was not sent: ${error.message}`);
      return;
    }
    // deliverWebhook's errors name the host and status only, never the URL's path, query or a secret.
    const reason = error instanceof Error ? error.message : 'unknown error';
    log.error(`Operation ${event.data.id}: the ${plan.platform} reply could not be delivered: ${reason}`);
    throw new ReplyDeliveryError(
      `The ${plan.platform} reply for operation ${event.data.id} could not be delivered.`,
    );
  }
}
