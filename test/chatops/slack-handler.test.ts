import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatOpsConfig } from '../../src/chatops/config.js';
import { loopbackAllowedFromEnv } from '../../src/config/platform.js';
import { ALIASES, JESSICA_ENDPOINT_ID, createFixture } from './support/chatops-fixture.js';
import { post, slackHeaders, slashCommandBody } from './support/http.js';

const SECRET = 'slack-signing-secret-for-tests-0001';
const NOW = new Date('2026-06-01T17:00:00.000Z');
const ROUTE = 'webhooks/slack';
const CONFIG: ChatOpsConfig = {
  slackSigningSecret: SECRET,
  permissions: { slack: { suspend: ['U_ALICE'], resume: ['C_OPS'], status: ['*'] } },
};

let fixture = createFixture(CONFIG, NOW);
beforeEach(() => {
  fixture = createFixture(CONFIG, NOW);
});

async function slash(text: string, fields: Record<string, string> = {}, at = NOW) {
  const body = slashCommandBody({ text, ...fields });
  return post(fixture.deps, ROUTE, body, slackHeaders(SECRET, body, at));
}

function textOf(body: unknown): string {
  const message = body as { response_type: string; text: string };
  expect(message.response_type).toBe('ephemeral');
  return message.text;
}

describe('POST /api/webhooks/slack', () => {
  it('queues "suspend jessica" and answers privately with the operation id', async () => {
    const answer = await slash('suspend jessica');
    expect(answer.status).toBe(200);
    expect(fixture.queue.sent).toHaveLength(1);
    const [command] = fixture.queue.sent;
    expect(textOf(answer.body)).toBe(`suspend of jessica queued (operation ${command?.id})`);
    expect(command).toMatchObject({
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: JESSICA_ENDPOINT_ID },
      requestedBy: {
        source: 'slack',
        principal: 'U_ALICE',
        replyTo: {
          kind: 'slack',
          responseUrl: 'https://hooks.slack.com/commands/T_TEAM/1/abc',
          channelId: 'C_OPS',
        },
      },
    });
    expect(fixture.operations.all().map((record) => record.id)).toEqual([command?.id]);
  });

  it('understands extra spaces and capitals, and a channel-wide permission', async () => {
    const answer = await slash('  Resume   JESSICA ', { user_id: 'U_SOMEONE' });
    expect(textOf(answer.body)).toMatch(/^resume of jessica queued \(operation [0-9a-f-]{36}\)$/);
    expect(fixture.queue.sent.map((c) => c.action)).toEqual(['resume']);
  });

  it('makes one operation of a repeated delivery of the same slash command', async () => {
    const body = slashCommandBody({ text: 'suspend jessica', trigger_id: 'trigger-1' });
    const first = await post(fixture.deps, ROUTE, body, slackHeaders(SECRET, body, NOW));
    const again = await post(fixture.deps, ROUTE, body, slackHeaders(SECRET, body, NOW));
    expect(textOf(again.body)).toContain('already queued');
    const id = fixture.operations.all()[0]?.id;
    expect(fixture.operations.all()).toHaveLength(1);
    expect(textOf(first.body)).toContain(`operation ${id}`);
    expect(textOf(again.body)).toContain(`operation ${id}`);
  });

  it('refuses politely, and enqueues nothing, when the user may not suspend', async () => {
    const answer = await slash('suspend jessica', { user_id: 'U_MALLORY', channel_id: 'C_RANDOM' });
    expect(answer.status).toBe(200);
    expect(textOf(answer.body)).toMatch(/^Sorry, you are not allowed to use `suspend` here/);
    expect(fixture.queue.sent).toEqual([]);
    expect(fixture.operations.all()).toEqual([]);
  });

  it('lists the known aliases for an unknown one', async () => {
    const answer = await slash('suspend jesica');
    expect(textOf(answer.body)).toBe(
      `I don't know 'jesica'. Known aliases: ${Object.keys(ALIASES).sort().join(', ')}.`,
    );
    expect(fixture.queue.sent).toEqual([]);
  });

  it('answers help, and help for an unknown verb', async () => {
    // Slack shows `&lt;` as `<`: the escaped text is what Slack must receive.
    expect(textOf((await slash('help')).body)).toContain('`suspend &lt;alias&gt;`');
    const unknown = textOf((await slash('reboot jessica')).body);
    expect(unknown).toMatch(/^I don't know the command 'reboot'\./);
    expect(unknown).toContain('`status &lt;operation id | alias&gt;`');
    expect(fixture.queue.sent).toEqual([]);
  });

  it('answers "status <operation id>" at once from the store, and queues a check for "status <alias>"', async () => {
    await slash('suspend jessica');
    const id = fixture.queue.sent[0]!.id;
    const status = await slash(`status ${id}`, { user_id: 'U_SOMEONE' });
    expect(textOf(status.body)).toBe(`Operation ${id} (suspend of jessica): NotStarted`);
    expect(fixture.queue.sent).toHaveLength(1);

    const check = await slash('status jessica', { user_id: 'U_SOMEONE' });
    expect(textOf(check.body)).toMatch(/^status check of jessica queued/);
    expect(fixture.queue.sent[1]).toMatchObject({
      action: 'status-check',
      target: { kind: 'customvoice-endpoint', endpointId: JESSICA_ENDPOINT_ID },
    });
  });

  it('escapes what the user typed, so it cannot mention the channel', async () => {
    const answer = await slash('status <!channel>');
    expect(textOf(answer.body)).toContain("'&lt;!channel&gt;'");
  });

  describe('refuses with 401, enqueuing nothing and revealing nothing of the secret', () => {
    const cases: [string, () => Promise<{ status: number; visible: string }>][] = [
      [
        'a tampered body',
        async () => {
          const body = slashCommandBody({ text: 'help' });
          const headers = slackHeaders(SECRET, body, NOW);
          return post(fixture.deps, ROUTE, body.replace('text=help', 'text=suspend+jessica'), headers);
        },
      ],
      [
        'a wrong secret',
        async () => {
          const body = slashCommandBody({ text: 'suspend jessica' });
          return post(fixture.deps, ROUTE, body, slackHeaders('another-secret', body, NOW));
        },
      ],
      [
        'a replay six minutes later',
        async () => {
          const body = slashCommandBody({ text: 'suspend jessica' });
          return post(
            fixture.deps,
            ROUTE,
            body,
            slackHeaders(SECRET, body, new Date(NOW.getTime() - 6 * 60_000)),
          );
        },
      ],
      [
        'missing signature headers',
        async () =>
          post(fixture.deps, ROUTE, slashCommandBody({ text: 'suspend jessica' }), {
            'content-type': 'application/x-www-form-urlencoded',
          }),
      ],
    ];
    it.each(cases)('%s', async (_name, send) => {
      const answer = await send();
      expect(answer.status).toBe(401);
      expect(fixture.queue.sent).toEqual([]);
      expect(answer.visible).not.toContain(SECRET);
      expect(answer.visible).not.toContain(SECRET.slice(0, 12));
    });
  });

  it('refuses another content type with 415 and an oversize body with 400', async () => {
    const json = JSON.stringify({ text: 'suspend jessica' });
    const wrongType = await post(fixture.deps, ROUTE, json, {
      ...slackHeaders(SECRET, json, NOW),
      'content-type': 'application/json',
    });
    expect(wrongType.status).toBe(415);
    const huge = slashCommandBody({ text: `suspend jessica ${'x'.repeat(70 * 1024)}` });
    const tooLarge = await post(fixture.deps, ROUTE, huge, slackHeaders(SECRET, huge, NOW));
    expect(tooLarge.status).toBe(400);
    expect((tooLarge.body as { error: { code: string } }).error.code).toBe('RequestBodyTooLarge');
    expect(fixture.queue.sent).toEqual([]);
  });

  it('refuses everything while SLACK_SIGNING_SECRET is unset, and logs why', async () => {
    fixture = createFixture({ permissions: CONFIG.permissions }, NOW);
    const answer = await slash('suspend jessica');
    expect(answer.status).toBe(401);
    expect(answer.logs.join('\n')).toContain('SLACK_SIGNING_SECRET is not set');
    expect(fixture.queue.sent).toEqual([]);
  });

  it('in Azure, keeps only a response_url on https://hooks.slack.com/, the one host Slack uses', async () => {
    const inAzure = { allowLoopbackHttp: loopbackAllowedFromEnv({ WEBSITE_INSTANCE_ID: 'instance-1' }) };
    fixture = createFixture(CONFIG, NOW, inAzure);
    const slackUrl = 'https://hooks.slack.com/commands/T_TEAM/2/def';
    const others = ['https://hooks.example.org/commands/1', 'http://127.0.0.1:9000/commands/1'];
    await slash('suspend jessica', { response_url: slackUrl });
    const answers = [];
    for (const responseUrl of others) {
      answers.push(await slash('status jessica', { response_url: responseUrl, user_id: 'U_SOMEONE' }));
    }
    expect(fixture.queue.sent.map((command) => command.requestedBy.replyTo)).toEqual([
      { kind: 'slack', responseUrl: slackUrl, channelId: 'C_OPS' },
      undefined,
      undefined,
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.logs.join('\n')).toContain('the response_url is not deliverable; no completion notice');
    }
  });

  it('outside Azure, keeps any deliverable response_url, so local receivers stand in for Slack', async () => {
    const local = 'http://127.0.0.1:9000/commands/1';
    await slash('suspend jessica', { response_url: local });
    expect(fixture.queue.sent[0]?.requestedBy.replyTo).toEqual({
      kind: 'slack',
      responseUrl: local,
      channelId: 'C_OPS',
    });
  });
});
