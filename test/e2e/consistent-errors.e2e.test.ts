import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/http/error-codes.js';
import { SEED } from '../../src/simulator/seed.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';

/**
 * Issue 13, "Consistent errors": a code has one status on every route, webhooks included; messages are
 * the product's own words naming the field, never the schema validator's; a 405 says what is allowed.
 */

const get = useStandaloneHost({
  settings: {
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    TEAMS_WEBHOOK_SECRET: randomBytes(32).toString('base64'),
    WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  },
});

/** What a validator says and we never do. */
const VALIDATOR_WORDING =
  /Invalid (input|discriminator|option|string|enum)|received|Expected|Unrecognized key|Too (small|big)|NaN/;

interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  target?: string;
  headers: Headers;
}

async function errorOf(path: string, init?: RequestInit): Promise<ErrorAnswer> {
  const response = await get().api(path, init);
  const body = (await response.json()) as { error: { code: string; message: string; target?: string } };
  expect(response.headers.get('x-ms-error-code')).toBe(body.error.code);
  return { status: response.status, ...body.error, headers: response.headers };
}

function expectTableStatus(answer: ErrorAnswer): void {
  expect(answer.code in ERROR_CODES, `${answer.code} is in the error table`).toBe(true);
  expect(answer.status, `status of ${answer.code}`).toBe(ERROR_CODES[answer.code as ErrorCode].status);
}

const text = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'suspend jessica' };

describe('one status per code', () => {
  it.each([
    ['POST', '/api/commands'],
    ['POST', '/api/webhooks/slack'],
    ['POST', '/api/webhooks/teams'],
    ['POST', '/api/webhooks/generic'],
    ['PUT', '/api/schedules/office-hours'],
  ])('%s %s answers a body of the wrong type with 415 UnsupportedMediaType', async (method, path) => {
    const answer = await errorOf(path, { ...text, method });
    expect(answer.code).toBe('UnsupportedMediaType');
    expect(answer.status).toBe(415);
  });

  it('answers top=x as a value of the wrong type naming top, not as a missing field', async () => {
    const answer = await errorOf('/api/operations?top=x');
    expect(answer).toMatchObject({ status: 400, code: 'InvalidType', target: 'top' });
    expect(answer.message).toContain("'top'");
    expect(answer.message).not.toMatch(VALIDATOR_WORDING);
  });

  it('answers a wrong method with 405 and an Allow header listing the methods the path takes', async () => {
    const answer = await errorOf('/api/schedules/office-hours', { method: 'POST' });
    expect(answer).toMatchObject({ status: 405, code: 'MethodNotAllowed' });
    expect(answer.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['DELETE', 'GET', 'PUT']);
    const commands = await errorOf('/api/commands');
    expect(commands.headers.get('allow')).toBe('POST');
  });
});

const target = { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: SEED.endpointId };

/** Mistakes whose refusal comes from a schema, with the field the message must name. */
const schemaMistakes: Array<{ name: string; path: string; init: RequestInit; code: string; field: string }> =
  [
    {
      name: 'unknown target kind',
      path: '/api/commands',
      init: postJson({ action: 'status-check', target: { kind: 'speech-model', resource: 'simulator' } }),
      code: 'UnknownTargetKind',
      field: 'target.kind',
    },
    {
      name: 'unknown action',
      path: '/api/commands',
      init: postJson({ action: 'explode', target }),
      code: 'UnknownAction',
      field: 'action',
    },
    {
      name: 'missing endpoint id',
      path: '/api/commands',
      init: postJson({ action: 'suspend', target: { kind: 'customvoice-endpoint', resource: 'simulator' } }),
      code: 'MissingField',
      field: 'target.endpointId',
    },
    {
      name: 'endpoint id of the wrong type',
      path: '/api/commands',
      init: postJson({ action: 'suspend', target: { ...target, endpointId: 42 } }),
      code: 'InvalidType',
      field: 'target.endpointId',
    },
    {
      name: 'bad UUID',
      path: '/api/commands',
      init: postJson({ action: 'suspend', target: { ...target, endpointId: 'not-a-uuid' } }),
      code: 'InvalidUuid',
      field: 'target.endpointId',
    },
    {
      name: 'unknown field',
      path: '/api/commands',
      init: postJson({ action: 'suspend', target, force: true }),
      code: 'UnknownField',
      field: 'force',
    },
    {
      name: 'status of the wrong word',
      path: '/api/operations?status=Done',
      init: {},
      code: 'InvalidValue',
      field: 'status',
    },
    {
      name: 'page size out of range',
      path: '/api/operations?top=0',
      init: {},
      code: 'InvalidValue',
      field: 'top',
    },
    {
      name: 'schedule without a time zone',
      path: '/api/schedules/office-hours',
      init: {
        ...postJson({
          targets: [{ resource: 'simulator', endpointId: SEED.endpointId }],
          suspendAt: '0 19 * * 1-5',
          resumeAt: '0 7 * * 1-5',
        }),
        method: 'PUT',
      },
      code: 'MissingField',
      field: 'timeZone',
    },
    {
      name: 'schedule with a time zone that does not exist',
      path: '/api/schedules/office-hours',
      init: {
        ...postJson({
          targets: [{ resource: 'simulator', endpointId: SEED.endpointId }],
          timeZone: 'Mars/Olympus',
          suspendAt: '0 19 * * 1-5',
          resumeAt: '0 7 * * 1-5',
        }),
        method: 'PUT',
      },
      code: 'InvalidTimeZone',
      field: 'timeZone',
    },
  ];

describe('messages in the product\u2019s own words', () => {
  it.each(schemaMistakes)('$name: $code naming $field', async ({ path, init, code, field }) => {
    const answer = await errorOf(path, init);
    expectTableStatus(answer);
    expect(answer.code).toBe(code);
    expect(answer.target).toBe(field);
    expect(answer.message).toContain(`'${field}'`);
    expect(answer.message).not.toMatch(VALIDATOR_WORDING);
  });

  it('lists the known target kinds when the kind is unknown', async () => {
    const answer = await errorOf(
      '/api/commands',
      postJson({ action: 'status-check', target: { kind: 'speech-model', resource: 'simulator' } }),
    );
    expect(answer.message).toContain("'face-operation'");
  });
});
