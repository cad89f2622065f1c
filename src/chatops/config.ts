import { z } from 'zod';
import { ConfigurationError, readJson, readOptionalString, type Env } from '../config/env.js';
import { isStandardWebhookSecret } from '../webhooks/standard-webhooks.js';
import { deliverableUrlRule, isDeliverableUrl, type WebhookUrlPolicy } from '../webhooks/url-policy.js';
import { CHAT_PLATFORMS, CHAT_VERBS, type ChatOpsPermissions } from './permissions.js';

/** Chat-ops settings. Each secret is optional: a platform without its secret refuses every request. */
export interface ChatOpsConfig {
  /** `CHATOPS_ALLOWED`. */
  permissions: ChatOpsPermissions;
  /** `SLACK_SIGNING_SECRET`: the Slack app's signing secret. */
  slackSigningSecret?: string;
  /** `TEAMS_WEBHOOK_SECRET`: the outgoing webhook's security token, base64 as Teams shows it. */
  teamsWebhookSecret?: string;
  /** `TEAMS_INCOMING_WEBHOOK_URL`: where completion notices for Teams commands are posted. */
  teamsIncomingWebhookUrl?: string;
  /** `WEBHOOK_SECRET`: the `whsec_` Standard Webhooks secret of the generic webhook and its callbacks. */
  webhookSecret?: string;
}

export const CHATOPS_SETTINGS = {
  allowed: 'CHATOPS_ALLOWED',
  slackSigningSecret: 'SLACK_SIGNING_SECRET',
  teamsWebhookSecret: 'TEAMS_WEBHOOK_SECRET',
  teamsIncomingWebhookUrl: 'TEAMS_INCOMING_WEBHOOK_URL',
  webhookSecret: 'WEBHOOK_SECRET',
} as const;

// Unknown platforms and verbs are refused rather than ignored: a typo would otherwise silently deny.
const permissionsSchema = z.partialRecord(
  z.enum(CHAT_PLATFORMS),
  z.partialRecord(z.enum(CHAT_VERBS), z.array(z.string().trim().min(1, 'ids must not be empty'))),
);

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the chat-ops settings. Throws `ConfigurationError` naming the setting for a malformed value,
 * never quoting it (most of these are secrets). `urlPolicy` is the composition root's decision on
 * loopback webhook URLs (`loopbackAllowedFromEnv`).
 */
export function loadChatOpsConfig(env: Env, urlPolicy: WebhookUrlPolicy): ChatOpsConfig {
  const config: ChatOpsConfig = { permissions: readPermissions(env) };

  const slack = readOptionalString(env, CHATOPS_SETTINGS.slackSigningSecret);
  if (slack !== undefined) config.slackSigningSecret = slack;

  const teams = readOptionalString(env, CHATOPS_SETTINGS.teamsWebhookSecret);
  if (teams !== undefined) {
    if (!BASE64.test(teams) || Buffer.from(teams, 'base64').length === 0) {
      throw new ConfigurationError(
        CHATOPS_SETTINGS.teamsWebhookSecret,
        `${CHATOPS_SETTINGS.teamsWebhookSecret} must be the base64 security token Teams showed when the outgoing webhook was created.`,
      );
    }
    config.teamsWebhookSecret = teams;
  }

  const incoming = readOptionalString(env, CHATOPS_SETTINGS.teamsIncomingWebhookUrl);
  if (incoming !== undefined) {
    if (!isDeliverableUrl(incoming, urlPolicy)) {
      throw new ConfigurationError(
        CHATOPS_SETTINGS.teamsIncomingWebhookUrl,
        `${CHATOPS_SETTINGS.teamsIncomingWebhookUrl} must be ${deliverableUrlRule(urlPolicy)}.`,
      );
    }
    config.teamsIncomingWebhookUrl = incoming;
  }

  const webhook = readOptionalString(env, CHATOPS_SETTINGS.webhookSecret);
  if (webhook !== undefined) {
    if (!isStandardWebhookSecret(webhook)) {
      throw new ConfigurationError(
        CHATOPS_SETTINGS.webhookSecret,
        `${CHATOPS_SETTINGS.webhookSecret} must be a Standard Webhooks secret: 'whsec_' followed by base64.`,
      );
    }
    config.webhookSecret = webhook;
  }
  return config;
}

function readPermissions(env: Env): ChatOpsPermissions {
  const parsed = permissionsSchema.safeParse(readJson(env, CHATOPS_SETTINGS.allowed, {}));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') ?? '';
    throw new ConfigurationError(
      CHATOPS_SETTINGS.allowed,
      `${CHATOPS_SETTINGS.allowed} is invalid${where ? ` at '${where}'` : ''}: ${issue?.message ?? 'unexpected shape'}.`,
    );
  }
  return parsed.data;
}
