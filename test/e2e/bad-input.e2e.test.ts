import { describe, expect, it } from 'vitest';
import type { LocalBus } from '../../src/bus/local-bus.js';
import { SEED } from '../../src/simulator/seed.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';
import { settle } from '../harness/settle.js';

const get = useStandaloneHost();

const validTarget = { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: SEED.endpointId };

interface BadInput {
  name: string;
  init: RequestInit;
  code: string;
  /** 400 for everything the issue lists; a body that is not JSON at all is 415, as HTTP says. */
  status?: number;
}

const badInputs: BadInput[] = [
  { name: 'malformed JSON', init: postJson('{"action": "suspend",'), code: 'InvalidJson' },
  {
    name: 'unknown action',
    init: postJson({ action: 'explode', target: validTarget }),
    code: 'UnknownAction',
  },
  {
    name: 'unknown target kind',
    init: postJson({ action: 'status-check', target: { kind: 'speech-model', resource: 'simulator' } }),
    code: 'UnknownTargetKind',
  },
  { name: 'missing target', init: postJson({ action: 'suspend' }), code: 'MissingField' },
  {
    name: 'missing endpoint id',
    init: postJson({ action: 'suspend', target: { kind: 'customvoice-endpoint', resource: 'simulator' } }),
    code: 'MissingField',
  },
  {
    name: 'bad UUID',
    init: postJson({ action: 'suspend', target: { ...validTarget, endpointId: 'not-a-uuid' } }),
    code: 'InvalidUuid',
  },
  {
    name: 'unknown field',
    init: postJson({ action: 'suspend', target: validTarget, force: true }),
    code: 'UnknownField',
  },
  {
    name: 'oversize body',
    init: postJson({ action: 'suspend', target: validTarget, padding: 'x'.repeat(70_000) }),
    code: 'RequestBodyTooLarge',
  },
  {
    name: 'a job id that would walk up the service URL',
    init: postJson({
      action: 'status-check',
      target: { kind: 'qna-job', resource: 'simulator', projectName: 'proj1', jobId: '..' },
    }),
    code: 'InvalidFormat',
  },
  // The client's own rule for job ids, applied at the door: these were accepted and then failed upstream.
  ...[
    ['a space', 'job 1'],
    ['a NUL', 'job\u00001'],
    ['a CRLF', 'job\r\n1'],
  ].map(([what, jobId]): BadInput => ({
    name: `a job id with ${what}`,
    init: postJson({
      action: 'status-check',
      target: { kind: 'qna-job', resource: 'simulator', projectName: 'proj1', jobId },
    }),
    code: 'InvalidFormat',
  })),
  {
    name: 'unknown resource',
    init: postJson({ action: 'suspend', target: { ...validTarget, resource: 'nowhere' } }),
    code: 'UnknownResource',
  },
  {
    name: 'malformed Operation-Id header',
    init: postJson({ action: 'suspend', target: validTarget }, { 'Operation-Id': '-bad id-' }),
    code: 'InvalidOperationId',
  },
  {
    name: 'not JSON at all',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'suspend jessica' },
    code: 'UnsupportedMediaType',
    status: 415,
  },
];

describe('POST /api/commands refuses bad input', () => {
  it.each(badInputs)(
    '$name -> 4xx with code $code in the Azure error shape',
    async ({ init, code, status }) => {
      const response = await get().api('/api/commands', init);
      expect(response.status).toBe(status ?? 400);
      expect(response.headers.get('x-ms-error-code')).toBe(code);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
    },
  );

  it('answers a malformed URL with 400 in the same error shape', async () => {
    const response = await get().api('/api/operations/%ZZ');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-ms-error-code')).toBe('InvalidUrl');
  });

  it('refuses an Operation-Id reused with a different body', async () => {
    const key = 'reused-key-1';
    const first = await get().api(
      '/api/commands',
      postJson(
        {
          action: 'status-check',
          target: { kind: 'face-operation', resource: 'simulator', operationId: SEED.faceOperationId },
        },
        { 'Operation-Id': key },
      ),
    );
    expect(first.status).toBe(202);
    const second = await get().api(
      '/api/commands',
      postJson({ action: 'suspend', target: validTarget }, { 'Operation-Id': key }),
    );
    expect(second.status).toBe(400);
    expect(second.headers.get('x-ms-error-code')).toBe('OperationIdReused');
  });

  it('stores and enqueues nothing for any rejected request', async () => {
    const { host, admin } = get();
    const bus = host.bus as LocalBus;
    await settle(host);
    const operationsBefore = (await host.services.operations.list({ top: 1000 })).items.length;
    const deadLettersBefore = bus.stats({ queue: 'commands' }).deadLetter;
    await admin.clearRequests();

    for (const { init } of badInputs) {
      expect((await get().api('/api/commands', init)).status).toBeGreaterThanOrEqual(400);
    }
    // One accepted command afterwards proves the pipeline was running and would have shown the others.
    const accepted = await get().api(
      '/api/commands',
      postJson({
        action: 'status-check',
        target: { kind: 'face-operation', resource: 'simulator', operationId: SEED.faceOperationId },
      }),
    );
    expect(accepted.status).toBe(202);
    await settle(host);

    const operationsAfter = (await host.services.operations.list({ top: 1000 })).items;
    expect(operationsAfter).toHaveLength(operationsBefore + 1);
    expect(operationsAfter.map((o) => o.id)).toContain(accepted.headers.get('operation-id'));
    expect(bus.stats({ queue: 'commands' })).toMatchObject({
      active: 0,
      locked: 0,
      scheduled: 0,
      deadLetter: deadLettersBefore,
    });
    // The service saw only the accepted command's status read.
    const calls = await admin.requests();
    expect(calls.every((call) => call.path === `/face/v1.0-preview/operations/${SEED.faceOperationId}`)).toBe(
      true,
    );
  });
});
