import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';
import { call, cv, errorCodeOf, type EndpointBody, type ErrorBody } from './http.js';

// 20x: the default 2 s suspend takes 100 ms, the 5 s HighPerformance resume 250 ms.
const sim = useSimulator({ timeScale: 20 });

/** A fresh endpoint, so tests do not share state; long durations keep a transition observable. */
async function newEndpoint(settings: Parameters<ReturnType<typeof sim.admin>['putEndpoint']>[1] = {}) {
  const id = randomUUID();
  await sim.admin().putEndpoint(id, settings);
  return id;
}

async function endpointStatus(id: string): Promise<string> {
  return (await call<EndpointBody>(sim.url(), cv.endpoint(id))).body.status;
}

async function operationStatus(operationId: string): Promise<string> {
  return (await call<{ status: string }>(sim.url(), cv.operation(operationId))).body.status;
}

describe('custom voice endpoints', () => {
  it('serves the seed endpoint as the examples describe it', async () => {
    const answer = await call<EndpointBody>(sim.url(), cv.endpoint(SEED.endpointId));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: SEED.endpointId,
      description: 'Endpoint for Jessica voice',
      projectId: 'Jessica',
      modelId: 'Jessica',
      properties: { kind: 'HighPerformance' },
      status: 'Succeeded',
    });
  });

  it('suspends: 202 with the endpoint Disabling and a status monitor that ends Succeeded, endpoint Disabled', async () => {
    const id = await newEndpoint();
    const started = await call<EndpointBody>(sim.url(), cv.action(id, 'suspend'), { method: 'POST' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ id, status: 'Disabling' });
    const operationId = started.headers.get('operation-id')!;
    expect(operationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(started.headers.get('operation-location')).toBe(
      `${sim.url()}/customvoice/operations/${operationId}?api-version=2026-01-01`,
    );

    const monitor = await call<{ status: string }>(
      sim.url(),
      new URL(started.headers.get('operation-location')!).pathname + '?api-version=2026-01-01',
    );
    expect(monitor.status).toBe(200);
    expect(['Running', 'Succeeded']).toContain(monitor.body.status);

    await waitFor(async () => (await operationStatus(operationId)) === 'Succeeded', {
      what: 'suspend to finish',
    });
    expect(await endpointStatus(id)).toBe('Disabled');
  });

  it('resumes a Disabled endpoint through Running to Succeeded', async () => {
    const id = await newEndpoint({ status: 'Disabled', kind: 'FastResume' });
    const started = await call<EndpointBody>(sim.url(), cv.action(id, 'resume'), { method: 'POST' });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('Running');
    const operationId = started.headers.get('operation-id')!;
    await waitFor(async () => (await operationStatus(operationId)) === 'Succeeded', {
      what: 'resume to finish',
    });
    const endpoint = await call<EndpointBody>(sim.url(), cv.endpoint(id));
    expect(endpoint.body.status).toBe('Succeeded');
    expect(Date.parse(endpoint.body.lastActionDateTime)).toBeGreaterThan(
      Date.parse(endpoint.body.createdDateTime),
    );
  });

  it('shows the intermediate status and Retry-After while a transition runs', async () => {
    const id = await newEndpoint({ suspendSeconds: 36_000 });
    const started = await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { 'Operation-Id': `slow-${id}` },
    });
    expect(started.status).toBe(202);
    expect(await endpointStatus(id)).toBe('Disabling');
    const monitor = await call<{ id: string; status: string }>(sim.url(), cv.operation(`slow-${id}`));
    expect(monitor.body).toEqual({ id: `slow-${id}`, status: 'Running' });
    expect(monitor.headers.get('retry-after')).toBe('1');
  });

  it('sends no Retry-After once the operation is over', async () => {
    const id = await newEndpoint({ suspendSeconds: 0 });
    await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { 'Operation-Id': `done-${id}` },
    });
    const monitor = await waitFor(async () => {
      const answer = await call<{ status: string }>(sim.url(), cv.operation(`done-${id}`));
      return answer.body.status === 'Succeeded' ? answer : undefined;
    });
    expect(monitor.headers.get('retry-after')).toBeNull();
  });

  it.each([
    ['suspend', 'Disabled'],
    ['suspend', 'Disabling'],
    ['suspend', 'NotStarted'],
    ['resume', 'Succeeded'],
    ['resume', 'Running'],
    ['resume', 'Failed'],
  ] as const)(
    'refuses to %s an endpoint that is %s with 400 BadRequest naming the status',
    async (verb, status) => {
      const id = await newEndpoint({ status });
      const answer = await call<ErrorBody>(sim.url(), cv.action(id, verb), { method: 'POST' });
      expect(answer.status).toBe(400);
      expect(errorCodeOf(answer)).toBe('BadRequest');
      expect(answer.body.error.message).toContain(status);
      expect(await endpointStatus(id)).toBe(status);
    },
  );

  it('refuses a second suspend while the first is still Disabling', async () => {
    const id = await newEndpoint({ suspendSeconds: 36_000 });
    expect((await call(sim.url(), cv.action(id, 'suspend'), { method: 'POST' })).status).toBe(202);
    const again = await call<ErrorBody>(sim.url(), cv.action(id, 'suspend'), { method: 'POST' });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('Disabling');
  });

  it('ends the running operation Failed when an admin forces the endpoint status', async () => {
    const id = await newEndpoint({ suspendSeconds: 36_000 });
    await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { 'Operation-Id': `cut-${id}` },
    });
    await sim.admin().putEndpoint(id, { status: 'Succeeded' });
    expect(await operationStatus(`cut-${id}`)).toBe('Failed');
    expect(await endpointStatus(id)).toBe('Succeeded');
  });
});

describe('the Operation-Id header', () => {
  it('echoes a caller Operation-Id and answers an identical repeat with the same 202, starting nothing', async () => {
    const id = await newEndpoint({ suspendSeconds: 0 });
    const operationId = `nightly.${id.slice(0, 8)}_suspend-1`;
    const first = await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { 'Operation-Id': operationId },
    });
    expect(first.status).toBe(202);
    expect(first.headers.get('operation-id')).toBe(operationId);
    await waitFor(async () => (await endpointStatus(id)) === 'Disabled', { what: 'suspend to finish' });

    // The endpoint is Disabled now, which would refuse a new suspend: the repeat is recognised instead.
    const repeat = await call<EndpointBody>(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { 'Operation-Id': operationId },
    });
    expect(repeat.status).toBe(202);
    expect(repeat.headers.get('operation-id')).toBe(operationId);
    expect(repeat.headers.get('operation-location')).toBe(first.headers.get('operation-location'));
    expect(repeat.body.status).toBe('Disabled');
    expect(await operationStatus(operationId)).toBe('Succeeded');
  });

  it.each([
    ['another verb', (id: string) => cv.action(id, 'resume')],
    ['another api-version', (id: string) => cv.action(id, 'suspend', '2024-02-01-preview')],
    ['another endpoint', () => cv.action(SEED.endpointId, 'suspend')],
  ])('rejects the same Operation-Id on %s with 400', async (_what, otherPath) => {
    const id = await newEndpoint({ suspendSeconds: 36_000 });
    const operationId = `reuse-${randomUUID()}`;
    const headers = { 'Operation-Id': operationId };
    expect((await call(sim.url(), cv.action(id, 'suspend'), { method: 'POST', headers })).status).toBe(202);
    const reused = await call<ErrorBody>(sim.url(), otherPath(id), { method: 'POST', headers });
    expect(reused.status).toBe(400);
    expect(errorCodeOf(reused)).toBe('BadRequest');
    expect(reused.body.error.message).toContain(operationId);
  });

  it.each(['ab', '-leading-dash', 'trailing.', 'has space', 'x'.repeat(65), 'per%cent'])(
    'rejects the malformed Operation-Id %j with 400 and starts nothing',
    async (operationId) => {
      const id = await newEndpoint();
      const answer = await call(sim.url(), cv.action(id, 'suspend'), {
        method: 'POST',
        headers: { 'Operation-Id': operationId },
      });
      expect(answer.status).toBe(400);
      expect(errorCodeOf(answer)).toBe('BadArgument');
      expect(await endpointStatus(id)).toBe('Succeeded');
    },
  );

  it('generates a different Operation-Id for each request that sends none', async () => {
    const first = await newEndpoint();
    const second = await newEndpoint();
    const a = await call(sim.url(), cv.action(first, 'suspend'), { method: 'POST' });
    const b = await call(sim.url(), cv.action(second, 'suspend'), { method: 'POST' });
    expect(a.headers.get('operation-id')).not.toBe(b.headers.get('operation-id'));
  });
});

describe('custom voice request validation', () => {
  it.each([
    ['no api-version', `/customvoice/endpoints/${SEED.endpointId}`],
    ['an empty api-version', `/customvoice/endpoints/${SEED.endpointId}?api-version=`],
    ['an unknown api-version', cv.endpoint(SEED.endpointId, '2022-01-01')],
    ['an unknown api-version on operations', cv.operation('some-op', '2099-01-01')],
    ['a malformed endpoint id', cv.endpoint('not-a-uuid')],
    ['a malformed endpoint id on suspend', cv.action('not-a-uuid', 'suspend')],
    ['a malformed operation id', cv.operation('-bad-')],
  ])('answers 400 to %s', async (_what, path) => {
    const method = path.includes(':suspend') ? 'POST' : 'GET';
    const answer = await call(sim.url(), path, { method });
    expect(answer.status).toBe(400);
    expect(errorCodeOf(answer)).toBe('BadArgument');
  });

  it.each(['2023-12-01-preview', '2024-02-01-preview', '2026-01-01'])(
    'accepts api-version %s',
    async (version) => {
      expect((await call(sim.url(), cv.endpoint(SEED.endpointId, version))).status).toBe(200);
    },
  );

  it('answers 404 NotFound for an unknown endpoint or operation', async () => {
    const unknownEndpoint = randomUUID();
    for (const [path, method] of [
      [cv.endpoint(unknownEndpoint), 'GET'],
      [cv.action(unknownEndpoint, 'suspend'), 'POST'],
      [cv.operation('no-such-operation'), 'GET'],
    ] as const) {
      const answer = await call(sim.url(), path, { method });
      expect(answer.status).toBe(404);
      expect(errorCodeOf(answer)).toBe('NotFound');
    }
  });

  it('treats endpoint ids case-insensitively, as UUIDs', async () => {
    const answer = await call<EndpointBody>(sim.url(), cv.endpoint(SEED.endpointId.toUpperCase()));
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(SEED.endpointId);
  });
});
