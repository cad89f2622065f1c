import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { operationsForEndpoint, upstreamCalls } from '../harness/endpoint-probes.js';
import { settle } from '../harness/settle.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import { useWebhookReceiver } from '../harness/webhook-receiver.js';

/**
 * Issue 10: Slack's `ssl_check` is acknowledged and runs nothing; a Slack or Teams request replayed
 * inside the replay window runs one command, even when it carries no `trigger_id` / activity `id`.
 */

const SLACK_SIGNING_SECRET = randomBytes(16).toString('hex');
const TEAMS_WEBHOOK_SECRET = randomBytes(32).toString('base64');
const ENDPOINTS = { sslcheck: randomUUID(), slackreplay: randomUUID(), teamsreplay: randomUUID() } as const;
const everyone = { suspend: ['*'], resume: ['*'], status: ['*'] };

const replies = useWebhookReceiver();

const get = useStandaloneHost({
  settings: {
    ENDPOINT_ALIASES: JSON.stringify(
      Object.fromEntries(
        Object.entries(ENDPOINTS).map(([alias, endpointId]) => [
          alias,
          { resource: 'simulator', endpointId },
        ]),
      ),
    ),
    CHATOPS_ALLOWED: JSON.stringify({ slack: everyone, teams: everyone }),
    SLACK_SIGNING_SECRET,
    TEAMS_WEBHOOK_SECRET,
  },
});

beforeAll(async () => {
  for (const endpointId of Object.values(ENDPOINTS)) {
    await get().admin.putEndpoint(endpointId, { status: 'Succeeded' });
  }
});

function slackHeaders(body: string, timestamp = String(Math.floor(Date.now() / 1000))) {
  const signature = `v0=${createHmac('sha256', SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signature,
  };
}

function slashCommand(text: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    team_id: 'T0001',
    channel_id: 'C0OPS',
    user_id: 'U0ALICE',
    command: '/voice',
    text,
    response_url: `${replies().url}/slack-replies`,
    ...extra,
  }).toString();
}

async function operationsOf(endpointId: string) {
  await settle(get().host);
  return operationsForEndpoint(get().host.url, endpointId);
}

describe('Slack ssl_check', () => {
  it.each([
    ['unsigned', false],
    ['signed', true],
  ])('an %s ssl_check=1 is acknowledged with 200 and runs nothing', async (_name, signed) => {
    const body = new URLSearchParams({ ssl_check: '1', token: 'legacy-token' }).toString();
    const response = await get().api('/api/webhooks/slack', {
      method: 'POST',
      headers: signed ? slackHeaders(body) : { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(200);
  });

  it('runs nothing even when an ssl_check carries command text', async () => {
    const body = slashCommand('suspend sslcheck', { ssl_check: '1' });
    const response = await get().api('/api/webhooks/slack', {
      method: 'POST',
      headers: slackHeaders(body),
      body,
    });
    expect(response.status).toBe(200);
    expect(await operationsOf(ENDPOINTS.sslcheck)).toEqual([]);
    expect(await upstreamCalls(get().admin, ENDPOINTS.sslcheck, 'suspend')).toEqual([]);
  });
});

describe('replayed chat requests', () => {
  it('Slack: the same signed request sent twice without trigger_id runs one command', async () => {
    const body = slashCommand('suspend slackreplay');
    const headers = slackHeaders(body);
    const answers: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const response = await get().api('/api/webhooks/slack', { method: 'POST', headers, body });
      expect(response.status).toBe(200);
      answers.push(await response.text());
    }
    await waitFor(
      async () => (await upstreamCalls(get().admin, ENDPOINTS.slackreplay, 'suspend')).length > 0,
      {
        what: 'the suspend call',
      },
    );
    const operations = await operationsOf(ENDPOINTS.slackreplay);
    expect(operations).toHaveLength(1);
    expect(await upstreamCalls(get().admin, ENDPOINTS.slackreplay, 'suspend')).toHaveLength(1);
    for (const answer of answers) expect(answer).toContain(operations[0]!.id);
  });

  it('Teams: the same signed activity sent twice without an id runs one command', async () => {
    const body = JSON.stringify({
      type: 'message',
      timestamp: new Date().toISOString(),
      text: '<at>Voice Ops</at> suspend teamsreplay',
      from: { id: '29:1bruno-user' },
      conversation: { id: '19:ops@thread.tacv2' },
    });
    const signature = createHmac('sha256', Buffer.from(TEAMS_WEBHOOK_SECRET, 'base64'))
      .update(body)
      .digest('base64');
    for (let i = 0; i < 2; i += 1) {
      const response = await get().api('/api/webhooks/teams', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `HMAC ${signature}` },
        body,
      });
      expect(response.status).toBe(200);
    }
    await waitFor(
      async () => (await upstreamCalls(get().admin, ENDPOINTS.teamsreplay, 'suspend')).length > 0,
      {
        what: 'the suspend call',
      },
    );
    expect(await operationsOf(ENDPOINTS.teamsreplay)).toHaveLength(1);
    expect(await upstreamCalls(get().admin, ENDPOINTS.teamsreplay, 'suspend')).toHaveLength(1);
  });
});
