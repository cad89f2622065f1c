import type { EndpointAliases } from '../config/aliases.js';
import type { OperationEvent } from '../domain/operation-event.js';
import type { ReplyAddress } from '../domain/operation.js';
import type { WebhookDelivery } from '../webhooks/deliver.js';
import type { ChatOpsConfig } from './config.js';
import { completionText } from './messages.js';
import { aliasOf } from './run-command.js';
import { slackCompletionMessage } from './slack.js';
import { teamsCompletionCard } from './teams.js';

/**
 * Where and how the outcome of a chat command is told, in each platform's format. Pure: the subscriber
 * delivers what this decides.
 */
export type ReplyPlan =
  | { kind: 'deliver'; platform: ReplyAddress['kind']; delivery: WebhookDelivery }
  /** Nothing can be sent (a setting is missing); `reason` is safe to log. */
  | { kind: 'undeliverable'; platform: ReplyAddress['kind']; reason: string };

const JSON_CONTENT_TYPE = 'application/json';
const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

export function planReply(
  event: OperationEvent,
  replyTo: ReplyAddress,
  config: ChatOpsConfig,
  aliases: EndpointAliases,
): ReplyPlan {
  const text = () => completionText(event.data, aliasOf(aliases, event.data.target));
  switch (replyTo.kind) {
    case 'slack':
      return {
        kind: 'deliver',
        platform: 'slack',
        delivery: {
          url: replyTo.responseUrl,
          body: JSON.stringify(slackCompletionMessage(text())),
          contentType: JSON_CONTENT_TYPE,
        },
      };
    case 'teams':
      if (config.teamsIncomingWebhookUrl === undefined) {
        return {
          kind: 'undeliverable',
          platform: 'teams',
          reason: 'TEAMS_INCOMING_WEBHOOK_URL is not set, so Teams cannot be told',
        };
      }
      return {
        kind: 'deliver',
        platform: 'teams',
        delivery: {
          url: config.teamsIncomingWebhookUrl,
          body: JSON.stringify(teamsCompletionCard(text())),
          contentType: JSON_CONTENT_TYPE,
        },
      };
    case 'webhook':
      if (config.webhookSecret === undefined) {
        return {
          kind: 'undeliverable',
          platform: 'webhook',
          reason: 'WEBHOOK_SECRET is not set, so the callback cannot be signed',
        };
      }
      return {
        kind: 'deliver',
        platform: 'webhook',
        delivery: {
          url: replyTo.callbackUrl,
          body: JSON.stringify(event),
          contentType: CLOUDEVENTS_CONTENT_TYPE,
          // The event id: a receiver sees the same webhook-id on every retry and can deduplicate.
          signing: { secret: config.webhookSecret, id: event.id },
        },
      };
  }
}
