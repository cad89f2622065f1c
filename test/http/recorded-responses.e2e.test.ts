import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMANDS_QUEUE } from '../../src/config/names.js';
import { ERROR_CODES, type ErrorCode } from '../../src/http/error-codes.js';
import { buildOpenApiDocument, HOST_ERROR_CODES } from '../../src/http/openapi/document.js';
import { ROUTE_DOCS } from '../../src/http/openapi/route-docs.js';
import { SEED } from '../../src/simulator/seed.js';
import {
  slackHeaders,
  slashCommandBody,
  standardWebhookHeaders,
  teamsHeaders,
} from '../chatops/support/http.js';
import { localBusOf } from '../harness/event-tap.js';
import { createAnswerValidator, type RecordedAnswer } from '../harness/openapi-validator.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';

/**
 * Issue 13, "Done when": real answers of every route, recorded through the standalone host, validate
 * against the OpenAPI document (status, headers, body), error answers included.
 */

const SLACK_SIGNING_SECRET = randomBytes(16).toString('hex');
const TEAMS_WEBHOOK_SECRET = randomBytes(32).toString('base64');
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const everyone = { suspend: ['*'], resume: ['*'], status: ['*'] };

const get = useStandaloneHost({
  settings: {
    ENDPOINT_ALIASES: JSON.stringify({ jessica: { resource: 'simulator', endpointId: SEED.endpointId } }),
    CHATOPS_ALLOWED: JSON.stringify({ slack: everyone, teams: everyone, generic: everyone }),
    SLACK_SIGNING_SECRET,
    TEAMS_WEBHOOK_SECRET,
    WEBHOOK_SECRET,
  },
});

const document = buildOpenApiDocument();
const validator = createAnswerValidator(document);

interface Recorded extends RecordedAnswer {
  route: string;
}
const recorded: Recorded[] = [];

/** Calls the host and records the answer against its route (`'<METHOD> <route>'`). */
async function call(route: string, path: string, init: RequestInit = {}): Promise<Recorded> {
  const [method] = route.split(' ');
  const response = await get().api(path, { ...init, method });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const answer: Recorded = {
    route,
    status: response.status,
    headers: response.headers,
    body: isJson && text ? (JSON.parse(text) as unknown) : text,
  };
  recorded.push(answer);
  expect(validator.routeAnswer(route, answer), `${route} -> ${answer.status}`).toEqual([]);
  return answer;
}

function expectError(answer: RecordedAnswer, code: ErrorCode): void {
  expect((answer.body as { error: { code: string } }).error.code).toBe(code);
  expect(answer.status).toBe(ERROR_CODES[code].status);
}

const endpointTarget = { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: SEED.endpointId };
const put = (body: unknown): RequestInit => ({ ...postJson(body), method: 'PUT' });
const officeHours = {
  targets: [{ alias: 'jessica' }],
  timeZone: 'Europe/Berlin',
  suspendAt: '0 19 * * 1-5',
  resumeAt: '0 7 * * 1-5',
  exceptions: ['2030-12-25', { from: '2030-12-27', to: '2030-12-31' }],
};

describe('recorded answers validate against the OpenAPI document', () => {
  let operationId = '';

  it('commands and operations, the status monitor while running and once done', async () => {
    const accepted = await call(
      'POST commands',
      '/api/commands',
      postJson({ action: 'suspend', target: endpointTarget }),
    );
    expect(accepted.status).toBe(202);
    operationId = (accepted.body as { id: string }).id;
    await call('GET operations/{id}', `/api/operations/${operationId}`);
    await waitFor(async () => {
      const response = await get().api(`/api/operations/${operationId}`);
      return ((await response.json()) as { status: string }).status === 'Succeeded';
    });
    const done = await call('GET operations/{id}', `/api/operations/${operationId}`);
    expect(done.headers.get('retry-after')).toBeNull();
    await call(
      'POST commands',
      '/api/commands',
      postJson({ action: 'status-check', target: endpointTarget }),
    );
    const page = await call('GET operations', '/api/operations?top=1&kind=customvoice-endpoint');
    expect((page.body as { nextLink?: string }).nextLink).toBeDefined();
    await call('GET operations', '/api/operations?status=Succeeded');

    expectError(
      await call('POST commands', '/api/commands', {
        body: 'suspend',
        headers: { 'content-type': 'text/plain' },
      }),
      'UnsupportedMediaType',
    );
    expectError(await call('POST commands', '/api/commands', postJson('{"action":')), 'InvalidJson');
    expectError(
      await call('POST commands', '/api/commands', postJson({ action: 'suspend' })),
      'MissingField',
    );
    expectError(
      await call(
        'POST commands',
        '/api/commands',
        postJson({ action: 'suspend', target: { ...endpointTarget, resource: 'nowhere' } }),
      ),
      'UnknownResource',
    );
    const key = randomUUID();
    await call(
      'POST commands',
      '/api/commands',
      postJson({ action: 'status-check', target: endpointTarget }, { 'Operation-Id': key }),
    );
    expectError(
      await call(
        'POST commands',
        '/api/commands',
        postJson({ action: 'suspend', target: endpointTarget }, { 'Operation-Id': key }),
      ),
      'OperationIdReused',
    );
    expectError(await call('GET operations/{id}', `/api/operations/${randomUUID()}`), 'OperationNotFound');
    expectError(await call('GET operations/{id}', '/api/operations/-x-'), 'InvalidOperationId');
    expectError(await call('GET operations', '/api/operations?top=x'), 'InvalidType');
    expectError(await call('GET operations', '/api/operations?colour=blue'), 'UnknownField');
    expectError(await call('GET operations', '/api/operations?skipToken=nonsense'), 'InvalidSkipToken');
  });

  it('schedules, overrides and the savings report', async () => {
    expect((await call('PUT schedules/{name}', '/api/schedules/office', put(officeHours))).status).toBe(201);
    expect(
      (await call('PUT schedules/{name}', '/api/schedules/office', put({ ...officeHours, enabled: false })))
        .status,
    ).toBe(200);
    await call('PUT schedules/{name}', '/api/schedules/office', put(officeHours));
    await call('GET schedules/{name}', '/api/schedules/office');
    await call('GET schedules', '/api/schedules');
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const made = await call(
      'POST schedules/{name}/overrides',
      '/api/schedules/office/overrides',
      postJson({ hold: 'running', until }),
    );
    await call('GET schedules/{name}/overrides', '/api/schedules/office/overrides');
    const overrideId = (made.body as { id: string }).id;
    await call(
      'DELETE schedules/{name}/overrides/{overrideId}',
      `/api/schedules/office/overrides/${overrideId}`,
    );
    await call('GET schedules/{name}/report', '/api/schedules/office/report?days=7');

    expectError(
      await call(
        'PUT schedules/{name}',
        '/api/schedules/bad',
        put({ ...officeHours, timeZone: 'Mars/Olympus' }),
      ),
      'InvalidTimeZone',
    );
    expectError(
      await call(
        'PUT schedules/{name}',
        '/api/schedules/bad',
        put({ ...officeHours, targets: [{ alias: 'nobody' }] }),
      ),
      'UnknownAlias',
    );
    expectError(
      await call('PUT schedules/{name}', '/api/schedules/-bad', put(officeHours)),
      'InvalidScheduleName',
    );
    expectError(await call('GET schedules/{name}', '/api/schedules/nothing-here'), 'ScheduleNotFound');
    expectError(
      await call(
        'POST schedules/{name}/overrides',
        '/api/schedules/office/overrides',
        postJson({ hold: 'running', until: '2001-01-01T00:00:00Z' }),
      ),
      'InvalidValue',
    );
    expectError(
      await call(
        'POST schedules/{name}/overrides',
        '/api/schedules/office/overrides',
        postJson({ hold: 'running', until: 'soon' }),
      ),
      'InvalidFormat',
    );
    expectError(
      await call('GET schedules/{name}/overrides', '/api/schedules/nothing-here/overrides'),
      'ScheduleNotFound',
    );
    expectError(
      await call(
        'DELETE schedules/{name}/overrides/{overrideId}',
        `/api/schedules/office/overrides/${overrideId}`,
      ),
      'OverrideNotFound',
    );
    expectError(
      await call('GET schedules/{name}/report', '/api/schedules/office/report?days=0'),
      'InvalidValue',
    );
    expect((await call('DELETE schedules/{name}', '/api/schedules/office')).status).toBe(204);
    expectError(await call('DELETE schedules/{name}', '/api/schedules/office'), 'ScheduleNotFound');
  });

  it('the chat-ops webhooks, signed and not', async () => {
    const slack = slashCommandBody({ text: 'help' });
    await call('POST webhooks/slack', '/api/webhooks/slack', {
      body: slack,
      headers: slackHeaders(SLACK_SIGNING_SECRET, slack, new Date()),
    });
    expectError(
      await call('POST webhooks/slack', '/api/webhooks/slack', {
        body: slack,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      'MissingSignature',
    );
    expectError(
      await call('POST webhooks/slack', '/api/webhooks/slack', postJson({ text: 'help' })),
      'UnsupportedMediaType',
    );

    const activity = JSON.stringify({
      type: 'message',
      id: '1700000000001',
      timestamp: new Date().toISOString(),
      text: '<at>Voice Ops</at> help',
      from: { id: '29:alice', aadObjectId: 'aad-alice' },
      conversation: { id: '19:ops@thread.tacv2;messageid=1700000000001' },
    });
    await call('POST webhooks/teams', '/api/webhooks/teams', {
      body: activity,
      headers: teamsHeaders(TEAMS_WEBHOOK_SECRET, activity),
    });
    const notActivity = JSON.stringify({ hello: 'world' });
    expectError(
      await call('POST webhooks/teams', '/api/webhooks/teams', {
        body: notActivity,
        headers: teamsHeaders(TEAMS_WEBHOOK_SECRET, notActivity),
      }),
      'InvalidActivity',
    );

    const signedGeneric = (body: unknown) => {
      const text = JSON.stringify(body);
      return {
        body: text,
        headers: standardWebhookHeaders(WEBHOOK_SECRET, `msg_${randomUUID()}`, text, new Date()),
      };
    };
    await call(
      'POST webhooks/generic',
      '/api/webhooks/generic',
      signedGeneric({ action: 'status', target: operationId }),
    );
    const queued = await call(
      'POST webhooks/generic',
      '/api/webhooks/generic',
      signedGeneric({ action: 'resume', alias: 'jessica' }),
    );
    expect(queued.status).toBe(202);
    expectError(
      await call(
        'POST webhooks/generic',
        '/api/webhooks/generic',
        signedGeneric({ action: 'explode', alias: 'jessica' }),
      ),
      'UnknownAction',
    );
    expectError(
      await call(
        'POST webhooks/generic',
        '/api/webhooks/generic',
        signedGeneric({ action: 'suspend', alias: 'nobody' }),
      ),
      'UnknownAlias',
    );
    expectError(
      await call('POST webhooks/generic', '/api/webhooks/generic', {
        ...signedGeneric({ action: 'status', target: operationId }),
        body: '{}',
      }),
      'InvalidSignature',
    );
  });

  it('the dead letters: listed, replayed, and refused', async () => {
    // A message that is not a command: the executor dead-letters it at once (InvalidCommand).
    const messageId = `not-a-command-${randomUUID()}`;
    const sender = localBusOf(get().host).createSender(DEFAULT_COMMANDS_QUEUE);
    await sender.send({ messageId, body: { hello: 1 }, contentType: 'application/json' });
    await sender.close();
    const deadLetter = await waitFor(async () => {
      const response = await get().api('/api/deadletters?entity=commands');
      const { value } = (await response.json()) as { value: Array<{ id: string; messageId: string }> };
      return value.find((item) => item.messageId === messageId);
    });
    await call('GET deadletters', '/api/deadletters?entity=commands&top=10');
    await call('GET deadletters', '/api/deadletters?entity=deliveries');
    const replayed = await call(
      'POST deadletters/{entity}/{id}:replay',
      `/api/deadletters/commands/${deadLetter.id}:replay`,
      postJson({}),
    );
    expect(replayed.status).toBe(202);
    expectError(await call('GET deadletters', '/api/deadletters?entity=events'), 'InvalidValue');
    expectError(await call('GET deadletters', '/api/deadletters'), 'MissingField');
    expectError(
      await call(
        'POST deadletters/{entity}/{id}:replay',
        '/api/deadletters/commands/999999:replay',
        postJson({}),
      ),
      'DeadLetterNotFound',
    );
  });

  it('the app routes: aliases, dashboard, health, and this document itself', async () => {
    await call('GET aliases', '/api/aliases');
    await call('GET dashboard', '/api/dashboard');
    await call('GET health', '/api/health');
    const served = await call('GET openapi.json', '/api/openapi.json');
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(served.body).toEqual(committed);
  });

  it('answers before any route (no route, another method, a bad URL) as components.responses say', async () => {
    const host = async (path: string, init: RequestInit, code: ErrorCode) => {
      const response = await get().api(path, init);
      const answer = {
        status: response.status,
        headers: response.headers,
        body: await response.json(),
      };
      expectError(answer, code);
      expect(validator.hostAnswer(code, answer)).toEqual([]);
    };
    await host('/api/nothing', {}, 'NotFound');
    await host('/api/health', { method: 'POST' }, 'MethodNotAllowed');
    await host('/api/operations/%ZZ', {}, 'InvalidUrl');
    expect(HOST_ERROR_CODES).toContain('InvalidUrl');
  });

  it('recorded a success of every route, and many refusals', () => {
    const succeeded = new Set(recorded.filter((r) => r.status < 300).map((r) => r.route));
    expect([...succeeded].sort()).toEqual(Object.keys(ROUTE_DOCS).sort());
    expect(recorded.filter((r) => r.status >= 400).length).toBeGreaterThan(20);
  });
});
