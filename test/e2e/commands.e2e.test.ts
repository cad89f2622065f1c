import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { useStandaloneHost, postJson } from '../harness/standalone.js';
import { settle } from '../harness/settle.js';
import { waitFor } from '../harness/wait-for.js';
import { useWebhookReceiver } from '../harness/webhook-receiver.js';

// Secret in the Standard Webhooks format; the receiver verifies with the reference library, not our code.
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const receiver = useWebhookReceiver();

const get = useStandaloneHost({
  get settings() {
    return { EVENT_WEBHOOKS: JSON.stringify([{ url: `${receiver().url}/events`, secret: WEBHOOK_SECRET }]) };
  },
});

interface Operation {
  id: string;
  target?: Record<string, unknown>;
  status: string;
  action: string;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  upstream?: { operationId?: string; status?: string };
}

async function submit(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return get().api('/api/commands', postJson(body, headers));
}

async function submitAndWait(body: unknown): Promise<Operation> {
  const accepted = await submit(body);
  expect(accepted.status).toBe(202);
  const location = accepted.headers.get('operation-location');
  expect(location).toBeTruthy();
  return waitFor(
    async () => {
      const operation = (await (await fetch(location!)).json()) as Operation;
      return ['Succeeded', 'Failed', 'Canceled'].includes(operation.status) ? operation : undefined;
    },
    { what: `operation at ${location} to finish` },
  );
}

function eventsFor(operationId: string) {
  return receiver().received.filter(
    (r) => (r.json as { subject?: string } | undefined)?.subject === operationId,
  );
}

/** Waits until the event arrived and the host has nothing left to do, so a duplicate would be here too. */
async function theOnlyEventFor(operationId: string) {
  await waitFor(() => eventsFor(operationId).length > 0, { what: `event for ${operationId}` });
  await settle(get().host);
  const events = eventsFor(operationId);
  expect(events).toHaveLength(1);
  return events[0]!;
}

const endpointTarget = (endpointId: string) => ({
  kind: 'customvoice-endpoint',
  resource: 'simulator',
  endpointId,
});

describe('suspend and resume through the standalone host', () => {
  it('suspends then resumes the seed endpoint, one upstream call each carrying the Operation-Id, one signed event each', async () => {
    const { admin } = get();
    await admin.clearRequests();

    const suspended = await submitAndWait({ action: 'suspend', target: endpointTarget(SEED.endpointId) });
    expect(suspended.status).toBe('Succeeded');
    expect(suspended.result).toMatchObject({ endpointStatus: 'Disabled' });

    const resumed = await submitAndWait({ action: 'resume', target: endpointTarget(SEED.endpointId) });
    expect(resumed.status).toBe('Succeeded');
    expect(resumed.result).toMatchObject({ endpointStatus: 'Succeeded' });

    const calls = await admin.requests();
    const suspends = calls.filter((c) => c.method === 'POST' && c.path.endsWith(':suspend'));
    const resumes = calls.filter((c) => c.method === 'POST' && c.path.endsWith(':resume'));
    expect(suspends.map((c) => c.operationId)).toEqual([suspended.id]);
    expect(resumes.map((c) => c.operationId)).toEqual([resumed.id]);

    for (const operation of [suspended, resumed]) {
      const event = await theOnlyEventFor(operation.id);
      expect(event.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
      const verified = new Webhook(WEBHOOK_SECRET).verify(event.rawBody, {
        'webhook-id': String(event.headers['webhook-id']),
        'webhook-timestamp': String(event.headers['webhook-timestamp']),
        'webhook-signature': String(event.headers['webhook-signature']),
      }) as { id: string; type: string; data: Operation; specversion: string };
      expect(verified).toMatchObject({ specversion: '1.0', type: 'CognitiveOps.Operation.Succeeded' });
      expect(verified.data).toEqual(operation);
      expect(event.headers['webhook-id']).toBe(verified.id);
    }
  });

  it('answers a suspend of an already suspended endpoint without a second suspend call', async () => {
    const { admin } = get();
    const endpointId = '5d7a33f5-3b43-4a57-8e1c-2f0a3c4b5d6e';
    await admin.putEndpoint(endpointId, { status: 'Disabled' });
    await admin.clearRequests();
    const operation = await submitAndWait({ action: 'suspend', target: endpointTarget(endpointId) });
    expect(operation).toMatchObject({
      status: 'Succeeded',
      result: { endpointStatus: 'Disabled', alreadyInDesiredState: true },
    });
    expect((await admin.requests()).filter((c) => c.path.endsWith(':suspend'))).toEqual([]);
    await theOnlyEventFor(operation.id);
  });
});

describe('status checks through the standalone host', () => {
  it('follows Face operations to Succeeded and Failed', async () => {
    const { admin } = get();
    const failing = '0b9d2c4e-8f7a-4d1b-9c3e-5a6f7b8c9d0e';
    await admin.putFaceOperation(failing, {
      status: 'running',
      completeAfterSeconds: 1,
      finalStatus: 'failed',
    });

    const ok = await submitAndWait({
      action: 'status-check',
      target: { kind: 'face-operation', resource: 'simulator', operationId: SEED.faceOperationId },
    });
    expect(ok.status).toBe('Succeeded');
    expect(ok.upstream).toMatchObject({ operationId: SEED.faceOperationId, status: 'succeeded' });

    const bad = await submitAndWait({
      action: 'status-check',
      target: { kind: 'face-operation', resource: 'simulator', operationId: failing },
    });
    expect(bad).toMatchObject({ status: 'Failed', upstream: { status: 'failed' } });
    await theOnlyEventFor(bad.id);
  });

  it('ends QnA jobs as Succeeded, Failed, PartiallyCompleted and Expired', async () => {
    const { admin } = get();
    await admin.putQnaJob('proj1', 'job-failed', {
      status: 'running',
      completeAfterSeconds: 1,
      finalStatus: 'failed',
    });
    await admin.putQnaJob('proj1', 'job-partial', {
      status: 'running',
      completeAfterSeconds: 1,
      finalStatus: 'partiallyCompleted',
    });
    await admin.putQnaJob('proj1', 'job-expiring', {
      status: 'running',
      completeAfterSeconds: 3600,
      expiresAfterSeconds: 2,
    });
    const check = (jobId: string) =>
      submitAndWait({
        action: 'status-check',
        target: { kind: 'qna-job', resource: 'simulator', projectName: 'proj1', jobId },
      });

    const [succeeded, failed, partial, expired] = await Promise.all([
      check(SEED.qnaJob),
      check('job-failed'),
      check('job-partial'),
      check('job-expiring'),
    ]);
    expect(succeeded.status).toBe('Succeeded');
    expect(failed.status).toBe('Failed');
    expect(partial).toMatchObject({ status: 'Failed', error: { code: 'PartiallyCompleted' } });
    expect(expired).toMatchObject({ status: 'Failed', error: { code: 'Expired' } });
    for (const operation of [succeeded, failed, partial, expired]) {
      const event = await theOnlyEventFor(operation.id);
      expect((event.json as { type: string }).type).toBe(
        operation.status === 'Succeeded'
          ? 'CognitiveOps.Operation.Succeeded'
          : 'CognitiveOps.Operation.Failed',
      );
    }
  });
});

describe('the HTTP API', () => {
  it('treats the Operation-Id header as an idempotency key', async () => {
    const key = 'nightly-2026-11-21.suspend';
    const body = { action: 'status-check', target: endpointTarget(SEED.endpointId) };
    const first = await submit(body, { 'Operation-Id': key });
    const again = await submit(body, { 'Operation-Id': key });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(first.headers.get('operation-id')).toBe(key);
    expect(((await again.json()) as Operation).id).toBe(((await first.json()) as Operation).id);

    const other = await submit(
      { action: 'resume', target: endpointTarget(SEED.endpointId) },
      { 'Operation-Id': key },
    );
    expect(other.status).toBe(400);
    expect(other.headers.get('x-ms-error-code')).toBe('OperationIdReused');
  });

  it('serves the status monitor with Retry-After while running, and 404 for unknown ids', async () => {
    await get().admin.putQnaJob('proj1', 'job-slow', { status: 'running', completeAfterSeconds: 3600 });
    const accepted = await submit({
      action: 'status-check',
      target: { kind: 'qna-job', resource: 'simulator', projectName: 'proj1', jobId: 'job-slow' },
    });
    const monitor = await fetch(accepted.headers.get('operation-location')!);
    expect(monitor.status).toBe(200);
    expect(Number(monitor.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const missing = await get().api('/api/operations/no-such-operation');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('OperationNotFound');
  });

  it('lists operations newest first, page by page with nextLink, filtered by kind', async () => {
    // This test's own operations: five QnA status checks, on a project no other test uses.
    const accepted: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      await get().admin.putQnaJob('paging', `job-${index}`, {
        status: 'running',
        completeAfterSeconds: 3600,
      });
      const response = await submit({
        action: 'status-check',
        target: { kind: 'qna-job', resource: 'simulator', projectName: 'paging', jobId: `job-${index}` },
      });
      accepted.push(response.headers.get('operation-id')!);
      // Creation times a few milliseconds apart, so "newest first" has one right answer.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const seen: string[] = [];
    let next: string | undefined = `${get().host.url}/api/operations?kind=qna-job&top=2`;
    let pages = 0;
    while (next) {
      const page = (await (await fetch(next)).json()) as { value: Operation[]; nextLink?: string };
      expect(page.value.length).toBeLessThanOrEqual(2);
      for (const operation of page.value) {
        expect(operation.target).toMatchObject({ kind: 'qna-job' });
        seen.push(operation.id);
      }
      next = page.nextLink;
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const id of accepted) expect(seen.filter((s) => s === id)).toEqual([id]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => accepted.includes(id))).toEqual([...accepted].reverse());
  });

  it('reports healthy storage and bus', async () => {
    const health = await get().api('/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'Healthy',
      checks: { storage: 'Healthy', bus: 'Healthy' },
    });
  });
});
