import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SimulatorAdminError } from '../../src/simulator/admin-client.js';
import { SEED } from '../../src/simulator/seed.js';
import { useSimulator } from '../harness/simulator.js';
import { call, cv, errorCodeOf, facePath, qnaPath, type ErrorBody } from './http.js';

const CUSTOM_KEY = 'k3y-for-this-test-only';
const logLines: string[] = [];
const sim = useSimulator({ key: CUSTOM_KEY, timeScale: 50, log: (line) => logLines.push(line) });
const withKey = { 'Ocp-Apim-Subscription-Key': CUSTOM_KEY };

/** One GET route of each service, all existing in a seeded simulator. */
const SERVICE_PATHS = {
  customvoice: cv.endpoint(SEED.endpointId),
  face: facePath(SEED.faceOperationId),
  qna: qnaPath(SEED.qnaProject, SEED.qnaJob),
} as const;

/** A request with exactly these headers (fetch would otherwise add none, but this keeps it explicit). */
async function bare(path: string, headers: Record<string, string>, method = 'GET') {
  const response = await fetch(`${sim.url()}${path}`, { method, headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as unknown,
  };
}

describe('auth', () => {
  it.each(Object.entries(SERVICE_PATHS))(
    '%s: accepts the configured key or any bearer token',
    async (_service, path) => {
      expect((await bare(path, withKey)).status).toBe(200);
      expect((await bare(path, { Authorization: 'Bearer any.token.at-all' })).status).toBe(200);
    },
  );

  it.each(Object.entries(SERVICE_PATHS))(
    '%s: answers 401 Unauthorized in its error shape to no key, a wrong key, or a non-bearer Authorization',
    async (_service, path) => {
      const refused: Record<string, string>[] = [
        {},
        { 'Ocp-Apim-Subscription-Key': 'simulator-key' },
        { 'Ocp-Apim-Subscription-Key': `${CUSTOM_KEY}x` },
        { 'Ocp-Apim-Subscription-Key': 'wrong', Authorization: 'Bearer token' },
        { Authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` },
        { Authorization: 'Bearer ' },
      ];
      for (const headers of refused) {
        const answer = await bare(path, headers);
        expect({ headers, status: answer.status }).toEqual({ headers, status: 401 });
        expect(errorCodeOf(answer)).toBe('Unauthorized');
        expect(JSON.stringify(answer.body)).not.toContain(CUSTOM_KEY);
      }
    },
  );

  it('refuses the whole suspend without a key: the endpoint does not move', async () => {
    const answer = await bare(cv.action(SEED.endpointId, 'suspend'), {}, 'POST');
    expect(answer.status).toBe(401);
    expect(
      (await call<{ status: string }>(sim.url(), SERVICE_PATHS.customvoice, { headers: withKey })).body
        .status,
    ).toBe('Succeeded');
  });
});

describe('unknown routes and methods', () => {
  it.each([
    '/',
    '/customvoice/endpoints',
    `/customvoice/endpoints/${SEED.endpointId}:delete?api-version=2026-01-01`,
    `/customvoice/endpoints/${SEED.endpointId}/extra?api-version=2026-01-01`,
    '/face/v1.0/operations/a63a3bdd-a1db-4d05-87b8-dbad6850062a',
    '/language/authoring/query-knowledgebases/projects/proj1/qnas',
    '//customvoice/endpoints',
    '/_simulatorx/requests',
  ])('answers 404 NotFound as JSON for %s', async (path) => {
    const answer = await bare(path, withKey);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(errorCodeOf(answer)).toBe('NotFound');
  });

  it.each([
    ['POST', SERVICE_PATHS.customvoice, 'GET'],
    ['DELETE', SERVICE_PATHS.face, 'GET'],
    ['PUT', SERVICE_PATHS.qna, 'GET'],
    ['GET', cv.action(SEED.endpointId, 'suspend'), 'POST'],
    ['PATCH', cv.operation('some-operation'), 'GET'],
  ])('answers 405 with Allow to %s %s', async (method, path, allowed) => {
    const answer = await bare(path, withKey, method);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allowed);
    expect(errorCodeOf(answer)).toBe('MethodNotAllowed');
  });

  it('answers 400 to a path with a broken percent escape, and survives a malformed request line', async () => {
    const answer = await bare('/customvoice/endpoints/%E0%A4%A?api-version=2026-01-01', withKey);
    expect(answer.status).toBe(400);
    errorCodeOf(answer);

    const rawStatus = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${sim.url()}/`, { method: 'GET', headers: { 'Content-Length': 'nope' } });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', reject);
      request.end();
    });
    expect(rawStatus).toBe(400);
    expect((await bare(SERVICE_PATHS.face, withKey)).status).toBe(200);
  });

  it('ignores a body sent with a suspend and keeps the connection usable', async () => {
    const id = randomUUID();
    await sim.admin().putEndpoint(id);
    const answer = await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { ...withKey, 'content-type': 'application/json' },
      body: JSON.stringify({ unexpected: 'x'.repeat(100_000) }),
    });
    expect(answer.status).toBe(202);
  });
});

describe('faults', () => {
  it('fails the next matching requests with 429 and Retry-After, then lets them through', async () => {
    const id = randomUUID();
    await sim.admin().putEndpoint(id);
    await sim.admin().addFault({
      method: 'post',
      pathPrefix: `/customvoice/endpoints/${id}:suspend`,
      status: 429,
      retryAfterSeconds: 7,
      count: 2,
    });
    // Not matching: another method on the same endpoint.
    expect((await call(sim.url(), cv.endpoint(id), { headers: withKey })).status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt++) {
      const throttled = await call(sim.url(), cv.action(id, 'suspend'), { method: 'POST', headers: withKey });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('7');
      expect(errorCodeOf(throttled)).toBe('TooManyRequests');
    }
    const accepted = await call(sim.url(), cv.action(id, 'suspend'), { method: 'POST', headers: withKey });
    expect(accepted.status).toBe(202);
  });

  it('answers 503 with a default Retry-After, and 500 without one', async () => {
    await sim.admin().addFault({ pathPrefix: '/face/', status: 503, count: 1 });
    await sim.admin().addFault({ pathPrefix: '/language/', status: 500, count: 1 });
    const unavailable = await call(sim.url(), SERVICE_PATHS.face, { headers: withKey });
    expect(unavailable.status).toBe(503);
    expect(Number(unavailable.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorCodeOf(unavailable)).toBe('ServiceUnavailable');
    const broken = await call(sim.url(), SERVICE_PATHS.qna, { headers: withKey });
    expect(broken.status).toBe(500);
    expect(broken.headers.get('retry-after')).toBeNull();
    expect(errorCodeOf(broken)).toBe('InternalServerError');
    expect((await call(sim.url(), SERVICE_PATHS.face, { headers: withKey })).status).toBe(200);
  });

  it('applies a fault before auth, and DELETE /_simulator/faults drops pending ones', async () => {
    await sim.admin().addFault({ status: 429, count: 5 });
    expect((await bare(SERVICE_PATHS.face, {})).status).toBe(429);
    await sim.admin().clearFaults();
    expect((await bare(SERVICE_PATHS.face, withKey)).status).toBe(200);
  });

  it.each([
    [{ status: 404, count: 1 }],
    [{ status: 429 }],
    [{ status: 429, count: 0 }],
    [{ status: 429, count: 1, pathPrefix: 'no-slash' }],
    [{ status: 429, count: 1, retryAfterSeconds: -1 }],
    [{ status: 429, count: 1, colour: 'red' }],
    ['not an object'],
  ])('refuses the fault %j with 400', async (fault) => {
    const response = await fetch(`${sim.url()}/_simulator/faults`, {
      method: 'POST',
      body: JSON.stringify(fault),
    });
    expect(response.status).toBe(400);
    errorCodeOf({ status: response.status, headers: response.headers, body: await response.json() });
  });
});

describe('the request log', () => {
  it('lists non-admin requests in order with method, path, query, Operation-Id, auth kind, status and time', async () => {
    await sim.admin().clearRequests();
    const before = Date.now();
    const id = randomUUID();
    await sim.admin().putEndpoint(id);
    await sim.admin().addFault({ pathPrefix: `/customvoice/endpoints/${id}:suspend`, status: 503, count: 1 });
    await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { ...withKey, 'Operation-Id': 'log-op-1' },
    });
    await call(sim.url(), cv.action(id, 'suspend'), {
      method: 'POST',
      headers: { ...withKey, 'Operation-Id': 'log-op-1' },
    });
    await bare(SERVICE_PATHS.qna, { Authorization: 'Bearer t' });
    await bare(SERVICE_PATHS.face, {});

    const log = await sim.admin().requests();
    expect(log.map(({ time: _time, ...rest }) => rest)).toEqual([
      {
        method: 'POST',
        path: `/customvoice/endpoints/${id}:suspend`,
        query: { 'api-version': '2026-01-01' },
        operationId: 'log-op-1',
        auth: 'key',
        status: 503,
      },
      {
        method: 'POST',
        path: `/customvoice/endpoints/${id}:suspend`,
        query: { 'api-version': '2026-01-01' },
        operationId: 'log-op-1',
        auth: 'key',
        status: 202,
      },
      {
        method: 'GET',
        path: `/language/authoring/query-knowledgebases/projects/${SEED.qnaProject}/qnas/jobs/${SEED.qnaJob}`,
        query: { 'api-version': '2023-04-01' },
        auth: 'bearer',
        status: 200,
      },
      { method: 'GET', path: facePath(SEED.faceOperationId), query: {}, auth: 'none', status: 401 },
    ]);
    const times = log.map((entry) => Date.parse(entry.time));
    expect(times[0]).toBeGreaterThanOrEqual(before - 1000);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    await sim.admin().clearRequests();
    expect(await sim.admin().requests()).toEqual([]);
  });

  it('never shows the key: not in the request log, not in a log line', async () => {
    await call(sim.url(), SERVICE_PATHS.customvoice, { headers: withKey });
    await bare(SERVICE_PATHS.customvoice, { 'Ocp-Apim-Subscription-Key': 'a-wrong-key-value' });
    const everything = JSON.stringify(await sim.admin().requests()) + logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(CUSTOM_KEY);
    expect(everything).not.toContain('a-wrong-key-value');
  });
});

describe('the admin API', () => {
  it('creates an endpoint with sensible names (201), then updates it (200)', async () => {
    const id = randomUUID();
    const created = await fetch(`${sim.url()}/_simulator/customvoice/endpoints/${id}`, {
      method: 'PUT',
      body: JSON.stringify({ kind: 'FastResume' }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id, status: 'Succeeded', properties: { kind: 'FastResume' } });
    for (const field of ['projectId', 'modelId'])
      expect(body[field]).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/);
    expect(body.description).toEqual(expect.any(String));

    const updated = await fetch(`${sim.url()}/_simulator/customvoice/endpoints/${id}`, {
      method: 'PUT',
      body: JSON.stringify({ status: 'Disabled' }),
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      id,
      status: 'Disabled',
      properties: { kind: 'FastResume' },
    });
  });

  it.each([
    ['customvoice/endpoints/not-a-uuid', {}],
    [`customvoice/endpoints/${randomUUID()}`, { status: 'Sleeping' }],
    [`customvoice/endpoints/${randomUUID()}`, { kind: 'Cheap' }],
    [`customvoice/endpoints/${randomUUID()}`, { suspendSeconds: -1 }],
    [`customvoice/endpoints/${randomUUID()}`, { resumeSeconds: '5' }],
    [`customvoice/endpoints/${randomUUID()}`, { colour: 'red' }],
    ['face/operations/not-a-uuid', {}],
    [`face/operations/${randomUUID()}`, { status: 'done' }],
    [`face/operations/${randomUUID()}`, { finalStatus: 'running' }],
    ['qna/projects/bad_name/jobs/j', {}],
    ['qna/projects/p/jobs/j', { finalStatus: 'cancelling' }],
    ['qna/projects/p/jobs/j', { expiresAfterSeconds: null }],
    ['qna/projects/p/jobs/j', [1, 2]],
  ])('refuses PUT /_simulator/%s %j with 400', async (path, body) => {
    const response = await fetch(`${sim.url()}/_simulator/${path}`, {
      method: 'PUT',
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    errorCodeOf({ status: response.status, headers: response.headers, body: await response.json() });
  });

  it('refuses a body that is not JSON, and answers 404/405 for unknown admin routes and methods', async () => {
    const notJson = await fetch(`${sim.url()}/_simulator/faults`, { method: 'POST', body: '{status: 429' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${sim.url()}/_simulator/nothing-here`)).status).toBe(404);
    const wrongMethod = await fetch(`${sim.url()}/_simulator/requests`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, DELETE');
  });

  it('reports admin failures through SimulatorAdminError with the status', async () => {
    const failure = await sim
      .admin()
      .putEndpoint('nope', {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SimulatorAdminError);
    expect((failure as SimulatorAdminError).status).toBe(400);
  });

  it('reset forgets everything and seeds again', async () => {
    const id = randomUUID();
    await sim.admin().putEndpoint(id);
    await call(sim.url(), cv.action(SEED.endpointId, 'suspend'), { method: 'POST', headers: withKey });
    await sim.admin().addFault({ status: 500, count: 100 });
    await sim.admin().reset();

    expect(await sim.admin().requests()).toEqual([]);
    const forgotten = await call<ErrorBody>(sim.url(), cv.endpoint(id), { headers: withKey });
    expect(forgotten.status).toBe(404);
    const seed = await call<{ status: string }>(sim.url(), SERVICE_PATHS.customvoice, { headers: withKey });
    expect(seed.status).toBe(200);
    expect(seed.body.status).toBe('Succeeded');
  });
});

describe('an unseeded simulator', () => {
  const empty = useSimulator({ seed: false });

  it('has none of the seed resources', async () => {
    for (const path of Object.values(SERVICE_PATHS)) {
      const answer = await call(empty.url(), path);
      expect(answer.status).toBe(404);
    }
  });
});
