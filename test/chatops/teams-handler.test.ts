import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatOpsConfig } from '../../src/chatops/config.js';
import { JESSICA_ENDPOINT_ID, createFixture } from './support/chatops-fixture.js';
import { post, teamsHeaders } from './support/http.js';

const TOKEN = Buffer.from('teams security token used in tests only').toString('base64');
const NOW = new Date('2026-06-01T17:00:00.000Z');
const ROUTE = 'webhooks/teams';
const CONFIG: ChatOpsConfig = {
  teamsWebhookSecret: TOKEN,
  teamsIncomingWebhookUrl: 'https://example.webhook.office.com/webhookb2/abc',
  permissions: { teams: { suspend: ['aad-alice'], status: ['19:ops@thread.tacv2'] } },
};

let fixture = createFixture(CONFIG, NOW);
beforeEach(() => {
  fixture = createFixture(CONFIG, NOW);
});

let activityCounter = 0;
function activity(text: string, overrides: Record<string, unknown> = {}): string {
  activityCounter += 1;
  return JSON.stringify({
    type: 'message',
    id: `17000000000${activityCounter}`,
    timestamp: new Date(NOW.getTime() - 2_000).toISOString(),
    text,
    textFormat: 'plain',
    from: { id: '29:alice', name: 'Alice', aadObjectId: 'aad-alice' },
    conversation: {
      id: `19:ops@thread.tacv2;messageid=17000000000${activityCounter}`,
      conversationType: 'channel',
    },
    channelData: { channel: { id: '19:ops@thread.tacv2' }, teamsChannelId: '19:ops@thread.tacv2' },
    ...overrides,
  });
}

function replyText(body: unknown): string {
  const message = body as { type: string; text: string };
  expect(message.type).toBe('message');
  return message.text;
}

describe('POST /api/webhooks/teams', () => {
  it('strips the mention, queues the suspend and answers synchronously', async () => {
    const body = activity('<at>Voice Ops</at> suspend jessica\n');
    const answer = await post(fixture.deps, ROUTE, body, teamsHeaders(TOKEN, body));
    expect(answer.status).toBe(200);
    const [command] = fixture.queue.sent;
    expect(replyText(answer.body)).toBe(`suspend of jessica queued (operation ${command?.id})`);
    expect(command).toMatchObject({
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: JESSICA_ENDPOINT_ID },
      requestedBy: { source: 'teams', principal: 'aad-alice', replyTo: { kind: 'teams' } },
    });
  });

  it('lets a listed channel ask for status, and refuses a verb it is not listed for', async () => {
    const status = activity('<at>Voice Ops</at> status jessica', {
      from: { id: '29:bob', aadObjectId: 'aad-bob' },
    });
    expect(replyText((await post(fixture.deps, ROUTE, status, teamsHeaders(TOKEN, status))).body)).toMatch(
      /^status check of jessica queued/,
    );
    const resume = activity('<at>Voice Ops</at> resume jessica');
    const refused = await post(fixture.deps, ROUTE, resume, teamsHeaders(TOKEN, resume));
    expect(replyText(refused.body)).toMatch(/^Sorry, you are not allowed to use `resume` here/);
    expect(fixture.queue.sent.map((c) => c.action)).toEqual(['status-check']);
  });

  it('says so when no completion notice can follow', async () => {
    fixture = createFixture({ ...CONFIG, teamsIncomingWebhookUrl: undefined }, NOW);
    const body = activity('<at>Voice Ops</at> suspend jessica');
    const answer = await post(fixture.deps, ROUTE, body, teamsHeaders(TOKEN, body));
    expect(replyText(answer.body)).toContain('TEAMS_INCOMING_WEBHOOK_URL is not set');
  });

  it('refuses a tampered body, a wrong token and a replayed activity with 401, enqueuing nothing', async () => {
    const body = activity('<at>Voice Ops</at> help');
    const tampered = await post(
      fixture.deps,
      ROUTE,
      body.replace('help', 'suspend jessica'),
      teamsHeaders(TOKEN, body),
    );
    const otherToken = Buffer.from('not the configured token').toString('base64');
    const wrong = await post(fixture.deps, ROUTE, body, teamsHeaders(otherToken, body));
    const old = activity('<at>Voice Ops</at> suspend jessica', {
      timestamp: new Date(NOW.getTime() - 10 * 60_000).toISOString(),
    });
    const replayed = await post(fixture.deps, ROUTE, old, teamsHeaders(TOKEN, old));
    const unsigned = await post(fixture.deps, ROUTE, body, { 'content-type': 'application/json' });
    for (const answer of [tampered, wrong, replayed, unsigned]) {
      expect(answer.status).toBe(401);
      expect(answer.visible).not.toContain(TOKEN);
      expect(answer.visible).not.toContain('teams security token');
    }
    expect(fixture.queue.sent).toEqual([]);
  });

  it('refuses a form body with 415 and refuses everything while TEAMS_WEBHOOK_SECRET is unset', async () => {
    const body = activity('<at>Voice Ops</at> suspend jessica');
    const form = await post(fixture.deps, ROUTE, body, {
      ...teamsHeaders(TOKEN, body),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(fixture.queue.sent).toEqual([]);

    fixture = createFixture({ permissions: CONFIG.permissions }, NOW);
    const unconfigured = await post(fixture.deps, ROUTE, body, teamsHeaders(TOKEN, body));
    expect(unconfigured.status).toBe(401);
    expect(unconfigured.logs.join('\n')).toContain('TEAMS_WEBHOOK_SECRET is not set');
    expect(fixture.queue.sent).toEqual([]);
  });
});
