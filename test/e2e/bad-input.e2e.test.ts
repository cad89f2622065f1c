import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';

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
    code: 'InvalidValue',
  },
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

  it('stored and enqueued nothing for the rejected requests', async () => {
    const { host, admin, logs } = get();
    // Only the one accepted request of the previous test exists.
    const page = await host.services.operations.list({ top: 100 });
    expect(page.items.map((o) => o.id)).toEqual(['reused-key-1']);
    const suspends = (await admin.requests()).filter((r) => r.path.includes(':suspend'));
    expect(suspends).toEqual([]);
    // The executor ran for that one command only: nothing else ever reached the queue.
    await waitFor(() => logs.some((line) => line.startsWith('[executeCommand] Command ')), {
      what: 'the accepted command to run',
    });
    const executions = logs.filter((line) => line.startsWith('[executeCommand] Command '));
    expect(executions).toHaveLength(1);
    expect(executions[0]).toContain('reused-key-1');
  });
});
