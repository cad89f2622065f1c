import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  operationsForEndpoint,
  simulatorEndpointStatus,
  upstreamCalls,
  type ApiOperation,
} from '../harness/endpoint-probes.js';
import { settle } from '../harness/settle.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../harness/webhook-receiver.js';

/**
 * Issue 5, "Done when": through the standalone host, a signed Slack slash command, a Teams outgoing
 * webhook and a generic Standard Webhooks request each suspend a simulator endpoint; the immediate answer
 * names the operation, and the platform's reply address gets exactly one completion message.
 */

// Fresh secrets per run, so finding one in a log or an answer cannot be a coincidence.
const SLACK_SIGNING_SECRET = randomBytes(16).toString('hex');
const TEAMS_WEBHOOK_SECRET = randomBytes(32).toString('base64');
const WEBHOOK_KEY = randomBytes(24).toString('base64');
const WEBHOOK_SECRET = `whsec_${WEBHOOK_KEY}`;
// Reply URLs are credentials too: their paths carry these tokens.
const SLACK_REPLY_TOKEN = randomBytes(12).toString('hex');
const TEAMS_URL_TOKEN = randomBytes(12).toString('hex');

// One endpoint per flow, so the flows cannot see each other's operations, calls or messages.
const ENDPOINTS = {
  alice: randomUUID(), // Slack
  bruno: randomUUID(), // Teams
  chloe: randomUUID(), // generic webhook
  dora: randomUUID(), // target of a badly signed Slack request: must stay untouched
} as const;

let slackReceiver: WebhookReceiver;
let teamsReceiver: WebhookReceiver;
let callbackReceiver: WebhookReceiver;
beforeAll(async () => {
  [slackReceiver, teamsReceiver, callbackReceiver] = await Promise.all([
    startWebhookReceiver(),
    startWebhookReceiver(),
    startWebhookReceiver(),
  ]);
});
afterAll(async () => {
  await Promise.all([slackReceiver.close(), teamsReceiver.close(), callbackReceiver.close()]);
});

const everyone = { suspend: ['*'], resume: ['*'], status: ['*'] };
const get = useStandaloneHost({
  get settings() {
    return {
      ENDPOINT_ALIASES: JSON.stringify(
        Object.fromEntries(
          Object.entries(ENDPOINTS).map(([alias, endpointId]) => [
            alias,
            { resource: 'simulator', endpointId },
          ]),
        ),
      ),
      CHATOPS_ALLOWED: JSON.stringify({ slack: everyone, teams: everyone, generic: everyone }),
      SLACK_SIGNING_SECRET,
      TEAMS_WEBHOOK_SECRET,
      TEAMS_INCOMING_WEBHOOK_URL: `${teamsReceiver.url}/workflows/${TEAMS_URL_TOKEN}/invoke?sig=${TEAMS_URL_TOKEN}`,
      WEBHOOK_SECRET,
    };
  },
});

beforeAll(async () => {
  for (const endpointId of Object.values(ENDPOINTS)) {
    await get().admin.putEndpoint(endpointId, { status: 'Succeeded' });
  }
});

/** Every answer body and header the app gave in this file, checked for secrets at the end. */
const answers: string[] = [];

async function post(path: string, headers: Record<string, string>, body: string) {
  const response = await get().api(path, { method: 'POST', headers, body });
  const text = await response.text();
  answers.push(text, JSON.stringify([...response.headers.entries()]));
  return { response, text };
}

function slackSign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function slashCommandBody(text: string): string {
  return new URLSearchParams({
    token: 'legacy-verification-token-unused',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C0OPS',
    channel_name: 'voice-ops',
    user_id: 'U0ALICE',
    user_name: 'alice.admin',
    command: '/voice',
    text,
    api_app_id: 'A0001',
    response_url: `${slackReceiver.url}/commands/T0001/1234567890/${SLACK_REPLY_TOKEN}`,
    trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
  }).toString();
}

function postSlack(body: string, secret = SLACK_SIGNING_SECRET) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return post(
    '/api/webhooks/slack',
    {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSign(secret, timestamp, body),
    },
    body,
  );
}

/** The operation id an immediate chat answer names. */
function operationIdIn(text: string): string {
  const match = /operation ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(text);
  if (!match?.[1]) throw new Error(`no operation id in ${JSON.stringify(text)}`);
  return match[1];
}

async function getOperation(id: string): Promise<ApiOperation> {
  const response = await get().api(`/api/operations/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ApiOperation;
}

/**
 * Waits for the endpoint to be suspended and its one operation to succeed, then a little longer so that
 * a duplicate command, call or message would show up, and checks there is exactly one of each.
 */
async function expectSuspendedOnce(endpointId: string, operationId: string, receiver: WebhookReceiver) {
  const { admin, host } = get();
  await waitFor(
    async () => (await simulatorEndpointStatus(host.simulatorUrl ?? '', endpointId)) === 'Disabled',
    { what: `endpoint ${endpointId} to be Disabled` },
  );
  await waitFor(async () => (await getOperation(operationId)).status === 'Succeeded', {
    what: `operation ${operationId} to succeed`,
  });
  await waitFor(() => receiver.received.length > 0, { what: 'the completion message' });
  await settle(host);

  const operations = await operationsForEndpoint(host.url, endpointId);
  expect(operations.map((o) => o.id)).toEqual([operationId]);
  expect(operations[0]).toMatchObject({
    status: 'Succeeded',
    action: 'suspend',
    target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId },
    result: { endpointStatus: 'Disabled' },
  });
  const suspends = await upstreamCalls(admin, endpointId, 'suspend');
  expect(suspends.map((c) => c.operationId)).toEqual([operationId]);
  expect(receiver.received).toHaveLength(1);
  return receiver.received[0]!;
}

/** No secret, signing key or reply-URL credential in anything the host logged or answered so far. */
function expectNoSecretLeaked(): void {
  const { logs } = get();
  // The check must look at real output: this file's flows log a line per command.
  expect(logs.length).toBeGreaterThan(0);
  expect(answers.length).toBeGreaterThan(0);
  const secrets = {
    SLACK_SIGNING_SECRET,
    TEAMS_WEBHOOK_SECRET,
    WEBHOOK_SECRET,
    WEBHOOK_KEY,
    SLACK_REPLY_TOKEN,
    TEAMS_URL_TOKEN,
  };
  for (const [name, secret] of Object.entries(secrets)) {
    expect(
      logs.filter((line) => line.includes(secret)),
      `${name} in the log`,
    ).toEqual([]);
    expect(
      answers.filter((answer) => answer.includes(secret)),
      `${name} in an answer`,
    ).toEqual([]);
  }
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

describe('chat-ops through the standalone host', () => {
  it('Slack: a signed slash command suspends alice, answers at once with the operation, and posts one notice to response_url', async () => {
    const { response, text } = await postSlack(slashCommandBody('suspend alice'));
    expect(response.status).toBe(200);
    // The answer comes before the work is done (Slack gives up after 3 seconds): no notice yet.
    expect(slackReceiver.received).toEqual([]);
    const answer = JSON.parse(text) as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toMatch(/\bsuspend\b.*\balice\b/);
    const operationId = operationIdIn(answer.text);
    expect(await getOperation(operationId)).toMatchObject({
      id: operationId,
      action: 'suspend',
      target: { endpointId: ENDPOINTS.alice },
    });

    const notice = await expectSuspendedOnce(ENDPOINTS.alice, operationId, slackReceiver);
    expect(notice.path).toBe(`/commands/T0001/1234567890/${SLACK_REPLY_TOKEN}`);
    expect(header(notice.headers['content-type'])).toMatch(/^application\/json/);
    const message = notice.json as { response_type: string; replace_original: boolean; text: string };
    expect(message.response_type).toBe('in_channel');
    expect(message.replace_original).toBe(false);
    expect(message.text).toMatch(/\balice\b.*\bsuspended\b/);
    expectNoSecretLeaked();
  });

  it('Slack: a request with a bad signature is a 401 and queues nothing', async () => {
    const { admin, host } = get();
    const before = await operationsForEndpoint(host.url, ENDPOINTS.dora);
    const body = slashCommandBody('suspend dora');
    const { response, text } = await postSlack(body, `not-${SLACK_SIGNING_SECRET}`);
    expect(response.status).toBe(401);
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('InvalidSignature');

    // A tampered body under a valid signature of another body is refused the same way.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const tampered = await post(
      '/api/webhooks/slack',
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSign(SLACK_SIGNING_SECRET, timestamp, slashCommandBody('help')),
      },
      body,
    );
    expect(tampered.response.status).toBe(401);
    // The signature the app expected for the refused request must not be revealed.
    expect(tampered.text).not.toContain(slackSign(SLACK_SIGNING_SECRET, timestamp, body).slice(3));

    await settle(host); // every poller, executor and subscriber round is over: nothing may show up
    expect(before).toEqual([]);
    expect(await operationsForEndpoint(host.url, ENDPOINTS.dora)).toEqual([]);
    expect(await upstreamCalls(admin, ENDPOINTS.dora, 'suspend')).toEqual([]);
    expect(await simulatorEndpointStatus(host.simulatorUrl ?? '', ENDPOINTS.dora)).toBe('Succeeded');
    expectNoSecretLeaked();
  });

  it('Teams: a signed outgoing webhook suspends bruno, answers with the operation, and posts one card to the incoming webhook', async () => {
    const activity = {
      type: 'message',
      id: String(Date.now()),
      timestamp: new Date().toISOString(),
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      text: '<at>Voice Ops</at>&nbsp;suspend bruno\n',
      textFormat: 'plain',
      from: { id: '29:1bruno-user', name: 'Bruno Ops', aadObjectId: randomUUID() },
      conversation: { id: `19:ops${randomBytes(4).toString('hex')}@thread.tacv2;messageid=${Date.now()}` },
      channelData: { teamsChannelId: '19:ops@thread.tacv2', teamsTeamId: '19:team@thread.tacv2' },
    };
    const body = JSON.stringify(activity);
    const signature = createHmac('sha256', Buffer.from(TEAMS_WEBHOOK_SECRET, 'base64'))
      .update(body)
      .digest('base64');
    const { response, text } = await post(
      '/api/webhooks/teams',
      { 'content-type': 'application/json', authorization: `HMAC ${signature}` },
      body,
    );
    expect(response.status).toBe(200);
    // The answer comes before the work is done (Teams gives up after 5 seconds): no card yet.
    expect(teamsReceiver.received).toEqual([]);
    const answer = JSON.parse(text) as { type: string; text: string };
    expect(answer.type).toBe('message');
    expect(answer.text).toMatch(/\bsuspend\b.*\bbruno\b/);
    const operationId = operationIdIn(answer.text);
    expect(await getOperation(operationId)).toMatchObject({
      id: operationId,
      action: 'suspend',
      target: { endpointId: ENDPOINTS.bruno },
    });

    const notice = await expectSuspendedOnce(ENDPOINTS.bruno, operationId, teamsReceiver);
    expect(notice.path).toBe(`/workflows/${TEAMS_URL_TOKEN}/invoke?sig=${TEAMS_URL_TOKEN}`);
    expect(header(notice.headers['content-type'])).toMatch(/^application\/json/);
    const card = notice.json as {
      type: string;
      attachments: Array<{
        contentType: string;
        content: { type: string; body: Array<{ type: string; text: string }> };
      }>;
    };
    expect(card.type).toBe('message');
    expect(card.attachments).toHaveLength(1);
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0]!.content.type).toBe('AdaptiveCard');
    const blocks = card.attachments[0]!.content.body;
    expect(blocks.map((b) => b.type)).toEqual(['TextBlock']);
    expect(blocks[0]!.text).toMatch(/\bbruno\b.*\bsuspended\b/);
    expectNoSecretLeaked();
  });

  it('generic webhook: a signed request suspends chloe, a re-sent one is the same command, and the callback gets one signed event', async () => {
    const webhookId = `msg_${randomUUID()}`;
    const body = JSON.stringify({
      action: 'suspend',
      alias: 'chloe',
      callbackUrl: `${callbackReceiver.url}/hooks/voice`,
      user: 'deploy-bot',
    });
    const signedHeaders = (at: Date) => ({
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(WEBHOOK_SECRET).sign(webhookId, at, body),
    });

    const firstHeaders = signedHeaders(new Date());
    const first = await post('/api/webhooks/generic', firstHeaders, body);
    expect(first.response.status).toBe(202);
    const accepted = JSON.parse(first.text) as ApiOperation;
    const operationId = accepted.id;
    expect(first.response.headers.get('operation-id')).toBe(operationId);
    expect(accepted).toMatchObject({ action: 'suspend', target: { endpointId: ENDPOINTS.chloe } });
    const monitor = await fetch(first.response.headers.get('operation-location') ?? '');
    expect(monitor.status).toBe(200);
    expect(((await monitor.json()) as ApiOperation).id).toBe(operationId);

    // The sender delivers the very same message again at once: same operation, nothing new queued.
    const replay = await post('/api/webhooks/generic', firstHeaders, body);
    expect(replay.response.status).toBe(202);
    expect((JSON.parse(replay.text) as ApiOperation).id).toBe(operationId);

    const callback = await expectSuspendedOnce(ENDPOINTS.chloe, operationId, callbackReceiver);

    // A retry after the operation is over, signed afresh, is still the same command: no second operation,
    // no second call upstream, no second callback.
    const retry = await post('/api/webhooks/generic', signedHeaders(new Date()), body);
    expect(retry.response.status).toBe(202);
    expect((JSON.parse(retry.text) as ApiOperation).id).toBe(operationId);
    await settle(get().host);
    expect((await operationsForEndpoint(get().host.url, ENDPOINTS.chloe)).map((o) => o.id)).toEqual([
      operationId,
    ]);
    expect(await upstreamCalls(get().admin, ENDPOINTS.chloe, 'suspend')).toHaveLength(1);
    expect(callbackReceiver.received).toHaveLength(1);

    expect(callback.path).toBe('/hooks/voice');
    expect(header(callback.headers['content-type'])).toMatch(/^application\/cloudevents\+json/);
    const event = new Webhook(WEBHOOK_SECRET).verify(callback.rawBody, {
      'webhook-id': header(callback.headers['webhook-id']),
      'webhook-timestamp': header(callback.headers['webhook-timestamp']),
      'webhook-signature': header(callback.headers['webhook-signature']),
    }) as { id: string; specversion: string; type: string; subject: string; data: ApiOperation };
    expect(header(callback.headers['webhook-id'])).toBe(event.id);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'CognitiveOps.Operation.Succeeded',
      subject: operationId,
      data: {
        id: operationId,
        status: 'Succeeded',
        action: 'suspend',
        target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: ENDPOINTS.chloe },
        result: { endpointStatus: 'Disabled' },
      },
    });
    // A wrong secret does not verify it: the signature really is over this body with WEBHOOK_SECRET.
    expect(() =>
      new Webhook(`whsec_${randomBytes(24).toString('base64')}`).verify(callback.rawBody, {
        'webhook-id': header(callback.headers['webhook-id']),
        'webhook-timestamp': header(callback.headers['webhook-timestamp']),
        'webhook-signature': header(callback.headers['webhook-signature']),
      }),
    ).toThrow();
    expectNoSecretLeaked();
  });
});
