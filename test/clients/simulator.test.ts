import { randomUUID } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAiResourceRegistry, type AiResourceRegistryOptions } from '../../src/clients/registry.js';
import type { AiResourceConfig } from '../../src/clients/resource-config.js';
import { endpointStatusSatisfies } from '../../src/kinds/customvoice/statuses.js';
import { SimulatorAdmin } from '../../src/simulator/admin-client.js';
import { SEED } from '../../src/simulator/seed.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { waitFor } from '../harness/wait-for.js';
import { everythingShownOf, serviceErrorOf } from './capture-error.js';
import { clientsOf, type ResourceClients } from './clients-of.js';

/** Every client operation against the AI services simulator, over real HTTP on loopback. */

const KEY = 'clients-test-key-71b3e0';
const WRONG_KEY = 'wrong-key-9d4415aa';

let simulator: RunningSimulator;
let admin: SimulatorAdmin;

beforeAll(async () => {
  simulator = await startSimulator({ host: '127.0.0.1', port: 0, key: KEY, timeScale: 20 });
  admin = new SimulatorAdmin(simulator.url);
});
afterAll(() => simulator.close());
beforeEach(() => admin.clearRequests());

function clientsFor(
  auth: AiResourceConfig['auth'] = { kind: 'key', apiKey: () => KEY },
  options: AiResourceRegistryOptions & { customVoiceApiVersion?: string } = {},
): ResourceClients {
  const { customVoiceApiVersion, ...registryOptions } = options;
  return clientsOf(
    createAiResourceRegistry(
      [
        {
          name: 'sim',
          endpoint: simulator.url,
          auth,
          ...(customVoiceApiVersion ? { customVoiceApiVersion } : {}),
        },
      ],
      { maxRetries: 3, maxInlineRetryDelayInMs: 2000, timeoutInMs: 20_000, ...registryOptions },
    ).forResource('sim'),
  );
}

/** A fresh endpoint for one test, so tests do not share state. */
async function newEndpoint(status: 'Succeeded' | 'Disabled'): Promise<string> {
  const id = randomUUID();
  await admin.putEndpoint(id, { status, kind: 'FastResume', suspendSeconds: 1, resumeSeconds: 1 });
  return id;
}

describe('custom voice', () => {
  it('reads an endpoint', async () => {
    const endpoint = await clientsFor().customVoice.getEndpoint(SEED.endpointId);
    expect(endpoint.id).toBe(SEED.endpointId);
    expect(endpoint.properties.kind).toMatch(/^(HighPerformance|FastResume)$/);
    expect(endpoint.status).toBe('Succeeded');
  });

  it('suspends an endpoint under the caller Operation-Id and follows the operation to Disabled', async () => {
    const clients = clientsFor();
    const endpointId = await newEndpoint('Succeeded');
    const operationId = `suspend-${randomUUID()}`;
    const start = await clients.customVoice.suspendEndpoint(endpointId, operationId);
    expect(start.operationId).toBe(operationId);
    expect(new URL(start.operationLocation).pathname).toBe(`/customvoice/operations/${operationId}`);
    expect(start.endpoint.id).toBe(endpointId);
    expect(['Disabling', 'Disabled']).toContain(start.endpoint.status);

    const [logged] = await admin.requests();
    expect(logged?.method).toBe('POST');
    expect(logged?.operationId).toBe(operationId);

    const done = await waitFor(
      async () => {
        const reading = await clients.customVoice.getOperation(operationId);
        expect(reading.body.id).toBe(operationId);
        expect(['NotStarted', 'Running', 'Succeeded']).toContain(reading.mapped.status);
        return reading.mapped.status === 'Succeeded' ? reading : undefined;
      },
      { timeoutInMs: 20_000, what: 'the suspend operation to succeed' },
    );
    expect(done.mapped.upstreamStatus).toBe('Succeeded');
    const endpoint = await clients.customVoice.getEndpoint(endpointId);
    expect(endpoint.status).toBe('Disabled');
    expect(endpointStatusSatisfies('suspend', endpoint.status)).toBe(true);
  });

  it('resumes a disabled endpoint back to Succeeded', async () => {
    const clients = clientsFor();
    const endpointId = await newEndpoint('Disabled');
    const operationId = `resume-${randomUUID()}`;
    const start = await clients.customVoice.resumeEndpoint(endpointId, operationId);
    expect(start.operationId).toBe(operationId);
    expect(['Running', 'Succeeded']).toContain(start.endpoint.status);
    await waitFor(
      async () => (await clients.customVoice.getOperation(operationId)).mapped.status === 'Succeeded',
      { timeoutInMs: 20_000, what: 'the resume operation to succeed' },
    );
    expect(
      endpointStatusSatisfies('resume', (await clients.customVoice.getEndpoint(endpointId)).status),
    ).toBe(true);
  });

  it('works with a preview api-version', async () => {
    const clients = clientsFor(undefined, { customVoiceApiVersion: '2023-12-01-preview' });
    expect((await clients.customVoice.getEndpoint(SEED.endpointId)).id).toBe(SEED.endpointId);
    const [logged] = await admin.requests();
    expect(logged?.query['api-version']).toBe('2023-12-01-preview');
  });

  it('answers an identical repeat of a suspend with the same status monitor', async () => {
    const clients = clientsFor();
    const endpointId = await newEndpoint('Succeeded');
    const operationId = `repeat-${randomUUID()}`;
    const first = await clients.customVoice.suspendEndpoint(endpointId, operationId);
    const again = await clients.customVoice.suspendEndpoint(endpointId, operationId);
    expect(again.operationId).toBe(first.operationId);
    expect(again.operationLocation).toBe(first.operationLocation);
  });

  it('refuses an Operation-Id reused for a different request with a 400', async () => {
    const clients = clientsFor();
    const endpointId = await newEndpoint('Succeeded');
    const otherEndpointId = await newEndpoint('Succeeded');
    const operationId = `reuse-${randomUUID()}`;
    await clients.customVoice.suspendEndpoint(endpointId, operationId);
    const error = await serviceErrorOf(clients.customVoice.suspendEndpoint(otherEndpointId, operationId));
    expect(error.statusCode).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.service).toBe('customvoice');
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('answers an unknown endpoint and an unknown operation with a 404 NotFound', async () => {
    const clients = clientsFor();
    const endpointError = await serviceErrorOf(clients.customVoice.getEndpoint(randomUUID()));
    expect(endpointError.statusCode).toBe(404);
    expect(endpointError.code).toBe('NotFound');
    expect(endpointError.retryable).toBe(false);
    const operationError = await serviceErrorOf(clients.customVoice.getOperation(`missing-${randomUUID()}`));
    expect(operationError.statusCode).toBe(404);
  });

  it('reports an api-version the service does not have as a 400', async () => {
    const clients = clientsFor(undefined, { customVoiceApiVersion: '1999-01-01' });
    const error = await serviceErrorOf(clients.customVoice.getEndpoint(SEED.endpointId));
    expect(error.statusCode).toBe(400);
    expect(error.retryable).toBe(false);
  });
});

describe('Face', () => {
  it('reads the seeded snapshot operation once it has succeeded, with its snapshot location', async () => {
    const clients = clientsFor();
    // The seed operation succeeds a few simulated seconds after the simulator starts.
    const reading = await waitFor(
      async () => {
        const current = await clients.face.getOperation(SEED.faceOperationId);
        return current.mapped.status === 'NotStarted' || current.mapped.status === 'Running'
          ? undefined
          : current;
      },
      { timeoutInMs: 20_000, what: 'the seed Face operation to finish' },
    );
    expect(reading.mapped).toEqual({ status: 'Succeeded', upstreamStatus: 'succeeded' });
    expect(reading.body.resourceLocation).toBe('/snapshots/e58b3f08-1e8b-4165-81df-aa9858f233dc');
    expect(reading.body.createdTime).not.toBe('');
  });

  it('follows an operation to its final status', async () => {
    const clients = clientsFor();
    const operationId = randomUUID();
    // Ten simulated minutes (30 s here): it stays running until the admin below finishes it.
    await admin.putFaceOperation(operationId, {
      status: 'running',
      completeAfterSeconds: 600,
      finalStatus: 'failed',
    });
    const running = await clients.face.getOperation(operationId);
    expect(running.mapped).toEqual({ status: 'Running', upstreamStatus: 'running' });

    await admin.putFaceOperation(operationId, {
      status: 'failed',
      message: 'The source object was modified.',
    });
    const done = await clients.face.getOperation(operationId);
    expect(done.mapped).toEqual({ status: 'Failed', upstreamStatus: 'failed' });
    expect(done.body.message).toBe('The source object was modified.');
  });

  it('answers an unknown operation with a 404', async () => {
    const error = await serviceErrorOf(clientsFor().face.getOperation(randomUUID()));
    expect(error.statusCode).toBe(404);
    expect(error.service).toBe('face');
  });
});

describe('question answering', () => {
  it('reads the seeded update job', async () => {
    const reading = await clientsFor().qna.getUpdateQnasJob(SEED.qnaProject, SEED.qnaJob);
    expect(reading.mapped.upstreamStatus).toBe(reading.body.status);
    expect(reading.body.createdDateTime).not.toBe('');
    const [logged] = await admin.requests();
    expect(logged?.query['api-version']).toBe('2023-04-01');
  });

  it('maps a partially completed job to Failed', async () => {
    const jobId = `job-${randomUUID()}`;
    await admin.putQnaJob('proj1', jobId, { status: 'partiallyCompleted' });
    const reading = await clientsFor().qna.getUpdateQnasJob('proj1', jobId);
    expect(reading.mapped).toEqual({ status: 'Failed', upstreamStatus: 'partiallyCompleted' });
  });

  it('answers an unknown job with a 404', async () => {
    const error = await serviceErrorOf(clientsFor().qna.getUpdateQnasJob('proj1', `nope-${randomUUID()}`));
    expect(error.statusCode).toBe(404);
    expect(error.service).toBe('qna');
  });
});

describe('auth', () => {
  it('refuses a wrong key with a 401 and never shows either key', async () => {
    const error = await serviceErrorOf(
      clientsFor({ kind: 'key', apiKey: () => WRONG_KEY }).customVoice.getEndpoint(SEED.endpointId),
    );
    expect(error.statusCode).toBe(401);
    expect(error.retryable).toBe(false);
    const shown = everythingShownOf(error);
    expect(shown).not.toContain(WRONG_KEY);
    expect(shown).not.toContain(KEY);
  });

  it('authenticates with a bearer token from a TokenCredential', async () => {
    const credential: TokenCredential = {
      getToken: (): Promise<AccessToken> =>
        Promise.resolve({ token: 'static-token-for-tests', expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const clients = clientsFor({ kind: 'entra' }, { credential });
    await clients.face.getOperation(SEED.faceOperationId);
    await clients.qna.getUpdateQnasJob(SEED.qnaProject, SEED.qnaJob);
    const logged = await admin.requests();
    expect(logged.map((entry) => entry.auth)).toEqual(['bearer', 'bearer']);
  });
});

describe('throttling and outages', () => {
  it('retries a 503 after waiting at least its Retry-After, then succeeds', async () => {
    await admin.addFault({ pathPrefix: '/face/', status: 503, retryAfterSeconds: 1, count: 1 });
    const reading = await clientsFor().face.getOperation(SEED.faceOperationId);
    expect(reading.body.status).not.toBe('');
    const logged = await admin.requests();
    expect(logged.map((entry) => entry.status)).toEqual([503, 200]);
    const waitedInMs = Date.parse(String(logged[1]?.time)) - Date.parse(String(logged[0]?.time));
    // Timers may fire a millisecond early and the log keeps milliseconds: allow that much.
    expect(waitedInMs).toBeGreaterThanOrEqual(1000 - 2);
  });

  it('gives up on a lasting 503 with a retryable error carrying the wait', async () => {
    // Exactly as many faults as the client makes attempts (1 + maxRetries), so none is left for later tests.
    await admin.addFault({ pathPrefix: '/language/', status: 503, retryAfterSeconds: 1, count: 3 });
    const clients = clientsFor(undefined, { maxRetries: 2 });
    const error = await serviceErrorOf(clients.qna.getUpdateQnasJob(SEED.qnaProject, SEED.qnaJob));
    expect(error.statusCode).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterInMs).toBe(1000);
    expect((await admin.requests()).map((entry) => entry.status)).toEqual([503, 503, 503]);
  });

  it('hands a 429 back at once with its wait, however short: it holds back the whole resource, not one call', async () => {
    await admin.addFault({ pathPrefix: '/face/', status: 429, retryAfterSeconds: 1, count: 1 });
    const error = await serviceErrorOf(clientsFor().face.getOperation(SEED.faceOperationId));
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterInMs).toBe(1000);
    expect((await admin.requests()).map((entry) => entry.status)).toEqual([429]);
  });

  it('does not sleep inline when Retry-After is longer than allowed: it fails at once with the wait', async () => {
    await admin.addFault({ pathPrefix: '/customvoice/', status: 503, retryAfterSeconds: 30, count: 1 });
    const startedAt = Date.now();
    const error = await serviceErrorOf(clientsFor().customVoice.getEndpoint(SEED.endpointId));
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect(error.statusCode).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterInMs).toBe(30_000);
    expect(await admin.requests()).toHaveLength(1);
  });
});
