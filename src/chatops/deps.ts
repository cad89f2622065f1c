import type { EndpointAliases } from '../config/aliases.js';
import type { SubmitCommand } from '../pipeline/ports.js';
import type { Clock } from '../shared/clock.js';
import type { OperationStore } from '../storage/operation-store.js';
import type { DeliveryOptions } from '../webhooks/deliver.js';
import type { WebhookUrlPolicy } from '../webhooks/url-policy.js';
import type { ChatOpsConfig } from './config.js';

/** What the chat-ops functions need; built once per process by the composition root. */
export interface ChatOpsDeps {
  config: ChatOpsConfig;
  aliases: EndpointAliases;
  submit: SubmitCommand;
  /** Read to answer `status <operation id>` and to find a completed command's reply address. */
  operations: OperationStore;
  clock: Clock;
  /** Where replies may go: checked when a command names its reply address, and again on delivery. */
  webhookUrlPolicy: WebhookUrlPolicy;
  /** The base of `Operation-Location` (see `readPublicBaseUrl`). */
  publicBaseUrl?: string | undefined;
  /** Retry settings of completion replies; the defaults of `deliverWebhook` when absent. */
  replyDelivery?: DeliveryOptions;
}

export type GetChatOpsDeps = () => Promise<ChatOpsDeps>;
