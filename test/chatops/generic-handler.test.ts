import { beforeEach, describe, expect, it } from 'vitest';
import { loadChatOpsConfig, type ChatOpsConfig } from '../../src/chatops/config.js';
import type { Env } from '../../src/config/env.js';
import { loopbackAllowedFromEnv } from '../../src/config/platform.js';
import type { OperationResource } from '../../src/domain/operation.js';
import { JESSICA_ENDPOINT_ID, createFixture } from './support/chatops-fixture.js';
import { APP_ORIGIN, post, standardWebhookHeaders } from './support/http.js';

const SECRET = `whsec_${Buffer.from('generic webhook key for the tests').toString('base64')}`;
const NOW = new Date('2026-06-01T17:00:00.000Z');
const ROUTE = 'webhooks/generic';
const CONFIG: ChatOpsConfig = {
  webhookSecret: SECRET,
  permissions: { generic: { suspend: ['*'], resume: ['ops-bot'], status: ['*'] } },
};

let fixture = createFixture(CONFIG, NOW);
beforeEach(() => {
  fixture = createFixture(CONFIG, NOW);
});

async function send(payload: unknown, id = 'msg_1', at = NOW, secret = SECRET) {
  const body = JSON.stringify(payload);
  return post(fixture.deps, ROUTE, body, standardWebhookHeaders(secret, id, body, at));
}

describe('POST /api/webhooks/generic', () => {
  it('accepts a signed suspend like POST /api/commands: 202, Operation-Id, Operation-Location', async () => {
    const answer = await send({
      action: 'suspend',
      alias: 'jessica',
      callbackUrl: 'https://example.com/done',
    });
    expect(answer.status).toBe(202);
    const operation = answer.body as OperationResource;
    expect(answer.headers['operation-id']).toBe(operation.id);
    expect(answer.headers['operation-location']).toBe(`${APP_ORIGIN}/api/operations/${operation.id}`);
    expect(operation).toMatchObject({
      status: 'NotStarted',
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: JESSICA_ENDPOINT_ID },
    });
    expect(fixture.queue.sent).toHaveLength(1);
    expect(fixture.queue.sent[0]).toMatchObject({
      id: operation.id,
      requestedBy: {
        source: 'webhook',
        replyTo: { kind: 'webhook', callbackUrl: 'https://example.com/done' },
      },
    });
  });

  it('uses the webhook-id as the idempotency key: a re-sent webhook makes no second command', async () => {
    const payload = { action: 'suspend', target: 'jessica' };
    const first = await send(payload, 'msg_retry');
    const resent = await send(payload, 'msg_retry', new Date(NOW.getTime() + 30_000));
    expect((resent.body as OperationResource).id).toBe((first.body as OperationResource).id);
    expect(fixture.operations.all()).toHaveLength(1);
    const other = await send(payload, 'msg_other');
    expect((other.body as OperationResource).id).not.toBe((first.body as OperationResource).id);
    expect(fixture.operations.all()).toHaveLength(2);
  });

  it('accepts an explicit endpoint target, and answers status of an operation id at once', async () => {
    const target = { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: JESSICA_ENDPOINT_ID };
    const queued = await send({ action: 'suspend', target }, 'msg_a');
    const id = (queued.body as OperationResource).id;
    const status = await send({ action: 'status', target: id }, 'msg_b');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id, status: 'NotStarted', action: 'suspend' });
    expect(fixture.queue.sent).toHaveLength(1);
  });

  it('answers an unknown alias with 400 listing the known ones, and a refused user with 403', async () => {
    const unknown = await send({ action: 'suspend', alias: 'nobody' });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'UnknownAlias',
      message: "I don't know 'nobody'. Known aliases: guy, jessica.",
    });
    const refused = await send({ action: 'resume', alias: 'jessica', user: 'someone-else' }, 'msg_r');
    expect(refused.status).toBe(403);
    expect(fixture.queue.sent).toEqual([]);
  });

  it('refuses a callback URL that is not https, and a malformed body, with 400', async () => {
    const plain = await send({ action: 'suspend', alias: 'jessica', callbackUrl: 'http://example.com/done' });
    expect(plain.status).toBe(400);
    expect((plain.body as { error: { code: string } }).error.code).toBe('InvalidCallbackUrl');
    const both = await send({ action: 'suspend', alias: 'jessica', target: 'guy' }, 'msg_2');
    expect(both.status).toBe(400);
    const unknownAction = await send({ action: 'reboot', alias: 'jessica' }, 'msg_3');
    expect(unknownAction.status).toBe(400);
    expect(fixture.queue.sent).toEqual([]);
  });

  it('refuses a replay, a future timestamp, a tampered body, a wrong secret and missing headers with 401', async () => {
    const payload = { action: 'suspend', alias: 'jessica' };
    const answers = [
      await send(payload, 'msg_old', new Date(NOW.getTime() - 6 * 60_000)),
      await send(payload, 'msg_future', new Date(NOW.getTime() + 6 * 60_000)),
      await send(payload, 'msg_other_key', NOW, `whsec_${Buffer.from('some other key').toString('base64')}`),
    ];
    const body = JSON.stringify({ action: 'status', alias: 'jessica' });
    const headers = standardWebhookHeaders(SECRET, 'msg_t', body, NOW);
    answers.push(await post(fixture.deps, ROUTE, body.replace('status', 'suspend'), headers));
    answers.push(await post(fixture.deps, ROUTE, body, { 'content-type': 'application/json' }));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.visible).not.toContain(SECRET);
      expect(answer.visible).not.toContain(SECRET.slice('whsec_'.length, 20));
    }
    expect(fixture.queue.sent).toEqual([]);
  });

  it('refuses another content type with 415, and everything while WEBHOOK_SECRET is unset', async () => {
    const body = JSON.stringify({ action: 'suspend', alias: 'jessica' });
    const text = await post(fixture.deps, ROUTE, body, {
      ...standardWebhookHeaders(SECRET, 'msg_x', body, NOW),
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    expect(fixture.queue.sent).toEqual([]);

    fixture = createFixture({ permissions: CONFIG.permissions }, NOW);
    const unconfigured = await send({ action: 'suspend', alias: 'jessica' });
    expect(unconfigured.status).toBe(401);
    expect(unconfigured.logs.join('\n')).toContain('WEBHOOK_SECRET is not set');
    expect(fixture.queue.sent).toEqual([]);
  });

  describe('a plain http callbackUrl to 127.0.0.1', () => {
    const callbackUrl = 'http://127.0.0.1:9000/done';
    const settings = {
      WEBHOOK_SECRET: SECRET,
      CHATOPS_ALLOWED: JSON.stringify(CONFIG.permissions),
    };

    /** Builds the chat-ops deps from `env` as the composition root does. */
    function fixtureFrom(env: Env) {
      const urlPolicy = { allowLoopbackHttp: loopbackAllowedFromEnv(env) };
      return createFixture(loadChatOpsConfig(env, urlPolicy), NOW, urlPolicy);
    }

    it('is refused with 400 when running in Azure (WEBSITE_INSTANCE_ID is set)', async () => {
      fixture = fixtureFrom({ ...settings, WEBSITE_INSTANCE_ID: 'f0e1d2c3b4a5' });
      const answer = await send({ action: 'suspend', alias: 'jessica', callbackUrl });
      expect(answer.status).toBe(400);
      expect((answer.body as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'InvalidCallbackUrl',
        message: 'callbackUrl must be an https URL.',
      });
      expect(fixture.queue.sent).toEqual([]);
    });

    it('is accepted outside Azure, for local receivers', async () => {
      fixture = fixtureFrom(settings);
      const answer = await send({ action: 'suspend', alias: 'jessica', callbackUrl });
      expect(answer.status).toBe(202);
      expect(fixture.queue.sent[0]?.requestedBy.replyTo).toEqual({ kind: 'webhook', callbackUrl });
    });
  });
});
