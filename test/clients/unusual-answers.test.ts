import { inspect } from 'node:util';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAiResourceRegistry } from '../../src/clients/registry.js';
import { clientsOf, type ResourceClients } from './clients-of.js';
import { everythingShownOf, serviceErrorOf } from './capture-error.js';
import { json, startStubServer, type StubServer } from './stub-server.js';

/** Answers the simulator never gives: bodies that are not JSON, unknown status words, silence. */

const KEY = 'stub-secret-key-5f1c9a7e2b';
const ENDPOINT_ID = '9f50c644-2121-40e9-9ea7-544e48bfe3cb';
const FACE_OPERATION_ID = 'a63a3bdd-a1db-4d05-87b8-dbad6850062a';
const endpointBody = {
  id: ENDPOINT_ID,
  description: 'Endpoint for Jessica voice',
  projectId: 'Jessica',
  modelId: 'Jessica',
  properties: { kind: 'HighPerformance' },
  status: 'Disabling',
  createdDateTime: '2023-04-01T05:30:00.000Z',
  lastActionDateTime: '2023-04-02T10:15:30.000Z',
};

let stub: StubServer;
let clients: ResourceClients;

beforeAll(async () => {
  stub = await startStubServer();
  clients = clientsOf(
    createAiResourceRegistry(
      [{ name: 'stub', endpoint: stub.url, auth: { kind: 'key', apiKey: () => KEY } }],
      { maxRetries: 2, maxInlineRetryDelayInMs: 50, timeoutInMs: 1500 },
    ).forResource('stub'),
  );
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.received.length = 0;
});

describe('bodies the clients cannot use', () => {
  it('reports a 2xx body that is not JSON as InvalidResponse', async () => {
    stub.answer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "runn'),
    );
    const error = await serviceErrorOf(clients.face.getOperation(FACE_OPERATION_ID));
    expect(error.code).toBe('InvalidResponse');
    expect(error.statusCode).toBe(200);
    expect(error.service).toBe('face');
    expect(error.retryable).toBe(false);
  });

  it('reports a body without its required fields as InvalidResponse', async () => {
    stub.answer((_request, response) => json(response, 200, { jobId: 'job1', status: 'running' }));
    const error = await serviceErrorOf(clients.qna.getUpdateQnasJob('proj1', 'job1'));
    expect(error.code).toBe('InvalidResponse');
    expect(error.message).toContain('createdDateTime');
  });

  it('reports a status word it does not know as UnknownStatus, never as a success', async () => {
    stub.answer((_request, response) => json(response, 200, { id: 'op-1', status: 'Archived' }));
    const error = await serviceErrorOf(clients.customVoice.getOperation('op-1'));
    expect(error.code).toBe('UnknownStatus');
    expect(error.message).toContain('Archived');
  });

  it('accepts the `location` field of the v1.0 Face example as the resource location', async () => {
    stub.answer((_request, response) =>
      json(response, 200, {
        status: 'succeeded',
        createdTime: '2018-12-25T11:41:02.2331413Z',
        lastActionTime: '2018-12-25T11:51:27.8705696Z',
        location: '/snapshots/e58b3f08-1e8b-4165-81df-aa9858f233dc',
        message: null,
      }),
    );
    const reading = await clients.face.getOperation(FACE_OPERATION_ID);
    expect(reading.body.resourceLocation).toBe('/snapshots/e58b3f08-1e8b-4165-81df-aa9858f233dc');
    expect(reading.mapped).toEqual({ status: 'Succeeded', upstreamStatus: 'succeeded' });
  });

  it('refuses a suspend answer without Operation-Location', async () => {
    stub.answer((_request, response) => json(response, 202, endpointBody, { 'Operation-Id': 'op-abc' }));
    const error = await serviceErrorOf(clients.customVoice.suspendEndpoint(ENDPOINT_ID, 'op-abc'));
    expect(error.code).toBe('InvalidResponse');
  });
});

describe('status monitor hints', () => {
  it('passes on the wait a status answer asks for', async () => {
    stub.answer((_request, response) =>
      json(
        response,
        200,
        {
          jobId: 'job1',
          status: 'running',
          createdDateTime: '2021-05-01T17:21:14Z',
          lastUpdatedDateTime: '2021-05-01T17:21:14Z',
        },
        { 'Retry-After': '5' },
      ),
    );
    const reading = await clients.qna.getUpdateQnasJob('proj1', 'job1');
    expect(reading.mapped.status).toBe('Running');
    expect(reading.retryAfterInMs).toBe(5000);
  });
});

describe('requests', () => {
  it('sends an empty POST with the caller Operation-Id and reads the status monitor headers', async () => {
    const location = `${stub.url}/customvoice/operations/op-abc?api-version=2026-01-01`;
    stub.answer((_request, response) =>
      json(response, 202, endpointBody, { 'Operation-Id': 'op-abc', 'Operation-Location': location }),
    );
    const start = await clients.customVoice.suspendEndpoint(ENDPOINT_ID, 'op-abc');
    expect(start).toEqual({ operationId: 'op-abc', operationLocation: location, endpoint: endpointBody });
    const [sent] = stub.received;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe(`/customvoice/endpoints/${ENDPOINT_ID}:suspend?api-version=2026-01-01`);
    expect(sent?.headers['operation-id']).toBe('op-abc');
    expect(sent?.headers['content-length']).toBe('0');
    expect(sent?.headers['ocp-apim-subscription-key']).toBe(KEY);
    expect(sent?.body).toBe('');
  });

  it('encodes every path segment', async () => {
    stub.answer((_request, response) =>
      json(response, 404, { error: { code: 'NotFound', message: 'No such job.' } }),
    );
    const error = await serviceErrorOf(clients.qna.getUpdateQnasJob('proj1', 'a/../b?x#y'));
    expect(error.statusCode).toBe(404);
    expect(stub.received[0]?.url).toBe(
      '/language/authoring/query-knowledgebases/projects/proj1/qnas/jobs/a%2F..%2Fb%3Fx%23y?api-version=2023-04-01',
    );
  });

  it('refuses malformed ids without sending anything', async () => {
    const calls = [
      clients.customVoice.getEndpoint('not-a-uuid'),
      clients.customVoice.suspendEndpoint(ENDPOINT_ID, 'x'),
      clients.customVoice.resumeEndpoint('../../admin', 'op-abc'),
      clients.customVoice.getOperation('-starts-with-dash'),
      clients.face.getOperation('123'),
      clients.qna.getUpdateQnasJob('bad project!', 'job1'),
      clients.qna.getUpdateQnasJob('proj1', ''),
    ];
    for (const call of calls) {
      const error = await serviceErrorOf(call);
      expect(error.code).toBe('InvalidArgument');
      expect(error.retryable).toBe(false);
    }
    expect(stub.received).toHaveLength(0);
  });
});

describe('failures without an answer', () => {
  it('times out a silent service with a retryable Timeout', async () => {
    stub.answer(() => {
      // Never answers; the server closes the socket in afterAll.
    });
    const startedAt = Date.now();
    const error = await serviceErrorOf(clients.face.getOperation(FACE_OPERATION_ID));
    expect(error.code).toBe('Timeout');
    expect(error.retryable).toBe(true);
    expect(error.statusCode).toBeUndefined();
    expect(Date.now() - startedAt).toBeLessThan(20_000);
  });

  it('reports a call the caller cancelled as Aborted', async () => {
    stub.answer(() => {
      // Never answers: the caller gives up first.
    });
    const controller = new AbortController();
    const call = clients.customVoice.getEndpoint(ENDPOINT_ID, { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await serviceErrorOf(call);
    expect(error.code).toBe('Aborted');
  });

  it('reports an unreachable service as a retryable NetworkError after its inline retries', async () => {
    const closed = await startStubServer();
    const url = closed.url;
    await closed.close();
    const unreachable = clientsOf(
      createAiResourceRegistry([{ name: 'gone', endpoint: url, auth: { kind: 'key', apiKey: () => KEY } }], {
        maxRetries: 1,
        maxInlineRetryDelayInMs: 10,
      }).forResource('gone'),
    );
    const error = await serviceErrorOf(unreachable.customVoice.getEndpoint(ENDPOINT_ID));
    expect(error.code).toBe('NetworkError');
    expect(error.retryable).toBe(true);
    expect(everythingShownOf(error)).not.toContain(KEY);
  });
});

describe('secrets', () => {
  it('keeps the key out of an error even when the service echoes it', async () => {
    stub.answer((request, response) =>
      json(response, 401, {
        error: {
          code: '401',
          message: `Access denied for key ${String(request.headers['ocp-apim-subscription-key'])}.`,
        },
      }),
    );
    const error = await serviceErrorOf(clients.customVoice.getEndpoint(ENDPOINT_ID));
    expect(error.code).toBe('Unauthorized');
    expect(error.statusCode).toBe(401);
    expect(everythingShownOf(error)).not.toContain(KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(KEY);
  });
});

describe('Entra ID auth', () => {
  it('sends a bearer token from the credential, and no key, to a loopback endpoint', async () => {
    const token = 'static-test-token-8c2d';
    const scopesAsked: string[] = [];
    const credential: TokenCredential = {
      getToken(scopes): Promise<AccessToken> {
        scopesAsked.push(...(Array.isArray(scopes) ? scopes : [scopes]));
        return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    const entra = clientsOf(
      createAiResourceRegistry([{ name: 'entra', endpoint: stub.url, auth: { kind: 'entra' } }], {
        credential,
      }).forResource('entra'),
    );
    stub.answer((_request, response) => json(response, 200, { ...endpointBody, status: 'Succeeded' }));
    const endpoint = await entra.customVoice.getEndpoint(ENDPOINT_ID);
    expect(endpoint.status).toBe('Succeeded');
    expect(stub.received[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(stub.received[0]?.headers['ocp-apim-subscription-key']).toBeUndefined();
    expect(scopesAsked).toContain('https://cognitiveservices.azure.com/.default');
  });
});
