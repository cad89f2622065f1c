import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatOpsFunctions } from '../../src/functions/chatops.js';
import type { ChatOpsConfig } from '../../src/chatops/config.js';
import { toOperationEvent } from '../../src/domain/operation-event-factory.js';
import type { OperationEvent } from '../../src/domain/operation-event.js';
import type { OperationRecord, ReplyAddress } from '../../src/domain/operation.js';
import type { ServiceBusTopicFunctionDefinition } from '../../src/functions/definition.js';
import { verifyStandardWebhook } from '../../src/webhooks/standard-webhooks.js';
import { JESSICA_ENDPOINT_ID, createFixture, recordingContext } from './support/chatops-fixture.js';
import { Receiver } from './support/receiver.js';

const NOW = new Date('2026-06-01T17:00:00.000Z');
const WEBHOOK_KEY = 'callback signing key for the tests';
const WEBHOOK_SECRET = `whsec_${Buffer.from(WEBHOOK_KEY).toString('base64')}`;
const SLACK_PATH = '/commands/T_TEAM/397700885554/96rGlfmibIGlgcZRskXaIFfN';
const TEAMS_PATH = '/webhookb2/tenant@team/IncomingWebhook/secret-part/abc';

const receiver = new Receiver();
beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => {
  await receiver.close();
});

function config(overrides: Partial<ChatOpsConfig> = {}): ChatOpsConfig {
  return {
    permissions: {},
    webhookSecret: WEBHOOK_SECRET,
    teamsIncomingWebhookUrl: `${receiver.url}${TEAMS_PATH}`,
    ...overrides,
  };
}

let fixture = createFixture(config(), NOW);
beforeEach(() => {
  receiver.reset();
  fixture = createFixture(config(), NOW);
});

function subscriber(): ServiceBusTopicFunctionDefinition {
  const definition = createChatOpsFunctions(fixture.getDeps).find(
    (candidate): candidate is ServiceBusTopicFunctionDefinition => candidate.kind === 'serviceBusTopic',
  );
  if (!definition) throw new Error('no topic function');
  return definition;
}

/** Accepts a command with a reply address, then ends it as the service would, and returns its event. */
async function finishedOperation(
  action: 'suspend' | 'resume',
  replyTo: ReplyAddress | undefined,
  ending: Pick<OperationRecord, 'status'> & Partial<Pick<OperationRecord, 'result' | 'error'>>,
): Promise<OperationEvent> {
  const { operation } = await fixture.deps.submit({
    action,
    target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: JESSICA_ENDPOINT_ID },
    requestedBy: {
      source: replyTo ? replyTo.kind : 'http',
      principal: 'U_ALICE',
      ...(replyTo ? { replyTo } : {}),
    },
  });
  const stored = await fixture.operations.get(operation.id);
  const ended: OperationRecord = { ...stored!.record, ...ending, lastActionDateTime: NOW.toISOString() };
  await fixture.operations.update(ended, stored!.etag);
  return toOperationEvent(ended);
}

async function deliver(message: unknown) {
  const { context, lines } = recordingContext('chatReplies');
  await subscriber().handler(message, context);
  return lines;
}

describe('chat replies on completion', () => {
  it('tells the Slack channel "jessica is suspended" at the response_url', async () => {
    const event = await finishedOperation(
      'suspend',
      { kind: 'slack', responseUrl: `${receiver.url}${SLACK_PATH}`, channelId: 'C_OPS' },
      { status: 'Succeeded', result: { endpointId: JESSICA_ENDPOINT_ID, endpointStatus: 'Disabled' } },
    );
    await deliver(event);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.path).toBe(SLACK_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      response_type: 'in_channel',
      replace_original: false,
      text: 'jessica is suspended',
    });
  });

  it("reports a failure in the service's words, from an event delivered as a JSON string", async () => {
    const event = await finishedOperation(
      'resume',
      { kind: 'slack', responseUrl: `${receiver.url}${SLACK_PATH}` },
      { status: 'Failed', error: { code: 'OperationFailed', message: "The endpoint is 'Disabled'." } },
    );
    await deliver(JSON.stringify(event));
    expect(JSON.parse(receiver.requests[0]!.body).text).toBe(
      "resume of jessica failed: The endpoint is 'Disabled'.",
    );
  });

  it('reports an expired operation, from an event delivered as bytes', async () => {
    const event = await finishedOperation(
      'suspend',
      { kind: 'slack', responseUrl: `${receiver.url}${SLACK_PATH}` },
      { status: 'Failed', error: { code: 'Expired', message: 'Still running after 120 minutes.' } },
    );
    await deliver(Buffer.from(JSON.stringify(event)));
    expect(JSON.parse(receiver.requests[0]!.body).text).toBe(
      'suspend of jessica expired: Still running after 120 minutes.',
    );
  });

  it('posts an Adaptive Card to the Teams incoming webhook', async () => {
    const event = await finishedOperation(
      'suspend',
      { kind: 'teams', conversationId: '19:ops@thread.tacv2' },
      { status: 'Succeeded', result: { endpointStatus: 'Disabled' } },
    );
    await deliver(event);
    const [request] = receiver.requests;
    expect(request?.path).toBe(TEAMS_PATH);
    const message = JSON.parse(request!.body);
    expect(message.type).toBe('message');
    expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(message.attachments[0].content.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'jessica is suspended',
    });
  });

  it('POSTs the CloudEvent to the callback URL, signed so the receiver can verify it', async () => {
    const event = await finishedOperation(
      'suspend',
      { kind: 'webhook', callbackUrl: `${receiver.url}/callback` },
      { status: 'Succeeded', result: { endpointStatus: 'Disabled' } },
    );
    await deliver(event);
    const [request] = receiver.requests;
    expect(request?.headers['content-type']).toBe('application/cloudevents+json');
    expect(JSON.parse(request!.body)).toEqual(event);
    const headers = request!.headers as Record<string, string>;
    expect(headers['webhook-id']).toBe(event.id);
    const signedAt = new Date(Number(headers['webhook-timestamp']) * 1000);
    expect(
      verifyStandardWebhook({ secret: WEBHOOK_SECRET, headers, rawBody: request!.body, now: signedAt }).id,
    ).toBe(event.id);
    const independent = createHmac('sha256', Buffer.from(WEBHOOK_KEY))
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${request!.body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${independent}`);
  });

  it('retries a reply the receiver could not take at first', async () => {
    receiver.respondWith({ status: 503 }, { status: 429 });
    const event = await finishedOperation(
      'suspend',
      { kind: 'slack', responseUrl: `${receiver.url}${SLACK_PATH}` },
      { status: 'Succeeded', result: { endpointStatus: 'Disabled' } },
    );
    const lines = await deliver(event);
    expect(receiver.requests).toHaveLength(3);
    expect(lines.join('\n')).toContain('slack reply delivered (3 attempts)');
  });

  it('does nothing for an operation nobody asked to be told about', async () => {
    const event = await finishedOperation('suspend', undefined, { status: 'Succeeded' });
    await deliver(event);
    expect(receiver.requests).toEqual([]);
  });

  it('logs and throws (so the bus retries) when the reply cannot be delivered, naming no secret', async () => {
    receiver.respondWith({ status: 500 }, { status: 500 }, { status: 500 });
    const event = await finishedOperation(
      'suspend',
      { kind: 'teams' },
      { status: 'Succeeded', result: { endpointStatus: 'Disabled' } },
    );
    const { context, lines } = recordingContext('chatReplies');
    await expect(subscriber().handler(event, context)).rejects.toThrow(
      /teams reply for operation .* could not be delivered/,
    );
    expect(receiver.requests).toHaveLength(3);
    const log = lines.join('\n');
    expect(log).toContain(new URL(receiver.url).host);
    expect(log).toContain('HTTP 500');
    expect(log).not.toContain('secret-part');
    expect(log).not.toContain(WEBHOOK_SECRET);
  });

  it('logs, without retrying, a Teams reply that has nowhere to go', async () => {
    fixture = createFixture(config({ teamsIncomingWebhookUrl: undefined }), NOW);
    const event = await finishedOperation('suspend', { kind: 'teams' }, { status: 'Succeeded' });
    const lines = await deliver(event);
    expect(lines.join('\n')).toMatch(/error: .*TEAMS_INCOMING_WEBHOOK_URL is not set/);
    expect(receiver.requests).toEqual([]);
  });

  it('still answers a Slack command accepted before its signing secret was removed', async () => {
    // The settings as they are when the completion arrives: no chat secret at all any more. A reply to
    // Slack needs none (response_url), so the record is still read for its reply address.
    fixture = createFixture({ permissions: {} }, NOW);
    const event = await finishedOperation(
      'suspend',
      { kind: 'slack', responseUrl: `${receiver.url}${SLACK_PATH}` },
      { status: 'Succeeded', result: { endpointStatus: 'Disabled' } },
    );
    await deliver(event);
    expect(receiver.requests).toHaveLength(1);
  });

  it('refuses a message that is not a CloudEvent', async () => {
    const { context } = recordingContext('chatReplies');
    await expect(subscriber().handler('not json', context)).rejects.toThrow(/not JSON/);
    await expect(subscriber().handler({ hello: 1 }, context)).rejects.toThrow(/not an operation CloudEvent/);
  });
});
