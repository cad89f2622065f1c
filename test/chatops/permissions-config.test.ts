import { describe, expect, it } from 'vitest';
import { loadChatOpsConfig } from '../../src/chatops/config.js';
import { isAllowed } from '../../src/chatops/permissions.js';
import { ConfigurationError, type Env } from '../../src/config/env.js';
import type { WebhookUrlPolicy } from '../../src/webhooks/url-policy.js';

const OUTSIDE_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: true };
const IN_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: false };
const load = (env: Env, urlPolicy = OUTSIDE_AZURE) => loadChatOpsConfig(env, urlPolicy);

describe('CHATOPS_ALLOWED', () => {
  const { permissions } = load({
    CHATOPS_ALLOWED: JSON.stringify({
      slack: { suspend: ['U_ALICE', 'C_OPS'], status: ['*'] },
      teams: { resume: ['aad-bob'] },
    }),
  });

  it('allows a listed user or a listed channel', () => {
    expect(isAllowed(permissions, 'slack', 'suspend', ['U_ALICE', 'C_RANDOM'])).toBe(true);
    expect(isAllowed(permissions, 'slack', 'suspend', ['U_MALLORY', 'C_OPS'])).toBe(true);
    expect(isAllowed(permissions, 'teams', 'resume', ['29:x', 'aad-bob'])).toBe(true);
  });

  it('allows everyone for "*"', () => {
    expect(isAllowed(permissions, 'slack', 'status', ['U_ANYONE'])).toBe(true);
  });

  it('refuses what is not listed: another user, another verb, another platform', () => {
    expect(isAllowed(permissions, 'slack', 'suspend', ['U_MALLORY', 'C_RANDOM'])).toBe(false);
    expect(isAllowed(permissions, 'slack', 'resume', ['U_ALICE'])).toBe(false);
    expect(isAllowed(permissions, 'teams', 'suspend', ['aad-bob'])).toBe(false);
    expect(isAllowed(permissions, 'generic', 'status', [])).toBe(false);
  });

  it('allows nothing when the setting is absent', () => {
    expect(isAllowed(load({}).permissions, 'slack', 'status', ['U_ALICE'])).toBe(false);
  });

  it('refuses a misspelt platform or verb instead of silently denying', () => {
    expect(() => load({ CHATOPS_ALLOWED: '{"slak":{"suspend":["*"]}}' })).toThrow(ConfigurationError);
    expect(() => load({ CHATOPS_ALLOWED: '{"slack":{"suspnd":["*"]}}' })).toThrow(/CHATOPS_ALLOWED/);
    expect(() => load({ CHATOPS_ALLOWED: '{"slack":{"suspend":"U1"}}' })).toThrow(/slack\.suspend/);
  });
});

describe('chat-ops secrets', () => {
  it('leaves a platform unconfigured when its secret is unset or blank', () => {
    const config = load({ SLACK_SIGNING_SECRET: '  ' });
    expect(config.slackSigningSecret).toBeUndefined();
    expect(config.teamsWebhookSecret).toBeUndefined();
    expect(config.webhookSecret).toBeUndefined();
  });

  it('names the setting of a malformed secret without quoting it', () => {
    const secretish = 'not-a-whsec-value-123';
    let message = '';
    try {
      load({ WEBHOOK_SECRET: secretish });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('WEBHOOK_SECRET');
    expect(message).not.toContain(secretish);
    expect(() => load({ TEAMS_WEBHOOK_SECRET: 'not base64!' })).toThrow(/TEAMS_WEBHOOK_SECRET/);
    expect(() => load({ TEAMS_INCOMING_WEBHOOK_URL: 'http://example.com/hook' })).toThrow(
      /TEAMS_INCOMING_WEBHOOK_URL must be an https URL/,
    );
  });

  it('accepts a loopback http TEAMS_INCOMING_WEBHOOK_URL outside Azure only', () => {
    const local = { TEAMS_INCOMING_WEBHOOK_URL: 'http://127.0.0.1:9000/hook' };
    expect(load(local, OUTSIDE_AZURE).teamsIncomingWebhookUrl).toBe('http://127.0.0.1:9000/hook');
    expect(() => load(local, IN_AZURE)).toThrow(/TEAMS_INCOMING_WEBHOOK_URL must be an https URL\.$/);
  });
});
