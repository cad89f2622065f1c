import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';
import { settle } from '../harness/settle.js';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';
import { useWebhookReceiver } from '../harness/webhook-receiver.js';

interface Operation {
  id: string;
  status: string;
  lastActionDateTime: string;
  result?: Record<string, unknown>;
}

/**
 * Crash injection: the first time the executor writes a record that has just got its upstream operation,
 * the write fails as if the process died right after calling the service.
 */
const crashedOnce = new Set<string>();
function crashAfterUpstreamCall(services: AppServices): AppServices {
  const operations = services.operations;
  return {
    ...services,
    operations: {
      ...operations,
      get: (id) => operations.get(id),
      create: (record) => operations.create(record),
      listDue: (now, limit) => operations.listDue(now, limit),
      list: (query) => operations.list(query),
      purgeFinishedBefore: (cutoff) => operations.purgeFinishedBefore(cutoff),
      ping: () => operations.ping(),
      update: (record, etag) => {
        if (record.target.kind === 'customvoice-endpoint' && record.target.endpointId === CRASH_ENDPOINT) {
          if (record.status === 'Running' && !crashedOnce.has(record.id)) {
            crashedOnce.add(record.id);
            return Promise.reject(new Error('simulated crash after the upstream call'));
          }
        }
        return operations.update(record, etag);
      },
    },
  };
}

const CRASH_ENDPOINT = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const THROTTLED = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const UNAVAILABLE = '3b4c5d6e-7f8a-4b9c-8d0e-2f3a4b5c6d7e';
const UNTOUCHED = '4c5d6e7f-8a9b-4c0d-9e1f-3a4b5c6d7e8f';
const SAME_RESOURCE = '5d6e7f8a-9b0c-4d1e-8f2a-4b5c6d7e8f9a';

const receiver = useWebhookReceiver();
// One simulator behind two configured AI resources: `simulator` and `other` (each with its own budget).
const simulator = useSimulator({ timeScale: 4 });

const get = useStandaloneHost({
  wrapServices: crashAfterUpstreamCall,
  get env() {
    const resource = { endpoint: simulator.url(), auth: 'key' };
    return {
      AI_RESOURCES: JSON.stringify({ simulator: resource, other: resource }),
      AI_KEY_SIMULATOR: 'simulator-key',
      AI_KEY_OTHER: 'simulator-key',
    };
  },
  get settings() {
    return { EVENT_WEBHOOKS: JSON.stringify([{ url: `${receiver().url}/events` }]) };
  },
});

async function submitSuspend(endpointId: string, resource = 'simulator'): Promise<string> {
  const response = await get().api(
    '/api/commands',
    postJson({
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource, endpointId },
    }),
  );
  expect(response.status).toBe(202);
  return response.headers.get('operation-id')!;
}

async function finished(id: string): Promise<Operation> {
  return waitFor(
    async () => {
      const operation = (await (await get().api(`/api/operations/${id}`)).json()) as Operation;
      return ['Succeeded', 'Failed', 'Canceled'].includes(operation.status) ? operation : undefined;
    },
    { timeoutInMs: 45_000, what: `operation ${id}` },
  );
}

describe('a crash after the upstream call, before the record is written', () => {
  it('ends, after redelivery, with one upstream operation and one completion', async () => {
    const admin = simulator.admin();
    await admin.putEndpoint(CRASH_ENDPOINT, { status: 'Succeeded' });
    const id = await submitSuspend(CRASH_ENDPOINT);
    const operation = await finished(id);
    expect(crashedOnce.has(id)).toBe(true);
    expect(operation).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });

    const suspendCalls = (await admin.requests()).filter((r) => r.path.includes(`${CRASH_ENDPOINT}:suspend`));
    // Every call that reached the service carried the command's Operation-Id, so it is one upstream operation.
    expect(new Set(suspendCalls.map((c) => c.operationId))).toEqual(new Set([id]));
    await waitFor(() => receiver().received.some((r) => (r.json as { subject?: string }).subject === id), {
      what: 'the completion event',
    });
    await settle(get().host);
    expect(receiver().received.filter((r) => (r.json as { subject?: string }).subject === id)).toHaveLength(
      1,
    );
  });
});

describe('throttling and outages', () => {
  /**
   * A 429 is about the resource, not one call: it holds back every call to that resource until its
   * Retry-After (before, only the call that got it waited). Other resources are not held up, and neither is
   * the worker: the held commands are rescheduled on the bus, and a 503 stays a passing failure of one call.
   */
  it('retries after Retry-After, holding back that resource only, without holding up other resources', async () => {
    const admin = simulator.admin();
    for (const endpointId of [THROTTLED, UNAVAILABLE, UNTOUCHED, SAME_RESOURCE])
      await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    await admin.addFault({
      method: 'POST',
      pathPrefix: `/customvoice/endpoints/${THROTTLED}:suspend`,
      status: 429,
      retryAfterSeconds: 3,
      count: 1,
    });
    await admin.addFault({
      method: 'POST',
      pathPrefix: `/customvoice/endpoints/${UNAVAILABLE}:suspend`,
      status: 503,
      retryAfterSeconds: 3,
      count: 1,
    });
    await admin.clearRequests();

    const throttledId = await submitSuspend(THROTTLED);
    const throttle = await waitFor(async () => (await admin.requests()).find((r) => r.status === 429), {
      what: 'the 429',
    });
    const heldUntil = Date.parse(throttle.time) + 3_000;
    // While `simulator` is held back: one more command on it, and one on the other resource.
    const [sameResourceId, untouchedId] = await Promise.all([
      submitSuspend(SAME_RESOURCE),
      submitSuspend(UNTOUCHED, 'other'),
    ]);
    const [throttled, sameResource, untouched] = await Promise.all(
      [throttledId, sameResourceId, untouchedId].map((id) => finished(id)),
    );
    const unavailable = await finished(await submitSuspend(UNAVAILABLE));
    for (const operation of [throttled, unavailable, untouched, sameResource])
      expect(operation!.status).toBe('Succeeded');

    const log = await admin.requests();
    const callsFor = (endpointId: string) => log.filter((r) => r.path.includes(endpointId));
    for (const [endpointId, faultStatus] of [
      [THROTTLED, 429],
      [UNAVAILABLE, 503],
    ] as const) {
      const calls = log.filter((r) => r.path.includes(`${endpointId}:suspend`));
      expect(calls.map((c) => c.status)).toEqual([faultStatus, 202]);
      const waitedInMs = Date.parse(calls[1]!.time) - Date.parse(calls[0]!.time);
      expect(waitedInMs).toBeGreaterThanOrEqual(3_000);
    }
    // The other resource's suspend went through while the throttled one was still waiting ...
    const throttledRetry = callsFor(`${THROTTLED}:suspend`)[1]!;
    const untouchedCall = callsFor(`${UNTOUCHED}:suspend`)[0]!;
    expect(Date.parse(untouchedCall.time)).toBeLessThan(Date.parse(throttledRetry.time));
    expect(Date.parse(untouched!.lastActionDateTime)).toBeLessThan(Date.parse(throttled!.lastActionDateTime));
    // ... while nothing went to the throttled resource before its Retry-After was over, not even the
    // command that never got a 429 itself (the log keeps milliseconds; timers may fire one early).
    const sameResourceCalls = callsFor(SAME_RESOURCE);
    expect(sameResourceCalls.length).toBeGreaterThan(0);
    for (const call of sameResourceCalls) expect(Date.parse(call.time)).toBeGreaterThanOrEqual(heldUntil - 2);
  });
});
