import { beforeEach, describe, expect, it } from 'vitest';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';
import { call, errorCodeOf, type Answer } from './http.js';

/**
 * The start-and-poll services' behaviour beyond the published examples: the admin API (how operations
 * started from now on end, changing one operation, faults), what a start route refuses, and auth.
 */

// 20x: three simulated seconds pass in 150 ms.
const sim = useSimulator({ timeScale: 20 });

beforeEach(async () => {
  await sim.admin().reset();
});

const JSON_HEADERS = { 'content-type': 'application/json' };

const start = {
  analyze: (body: unknown = { urlSource: 'https://docs.example/invoice.pdf' }, model = 'prebuilt-invoice') =>
    call(sim.url(), `/documentintelligence/documentModels/${model}:analyze?api-version=2024-11-30`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    }),
  batch: (
    body: unknown = {
      inputs: [
        {
          source: { sourceUrl: 'https://blob.example/in' },
          targets: [{ targetUrl: 'https://blob.example/out', language: 'de' }],
        },
      ],
    },
  ) =>
    call(sim.url(), '/translator/document/batches?api-version=2024-05-01', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    }),
  textJob: (
    body: unknown = {
      analysisInput: { documents: [{ id: '1', text: 'Seattle is rainy.' }] },
      tasks: [{ kind: 'KeyPhraseExtraction' }],
    },
  ) =>
    call(sim.url(), '/language/analyze-text/jobs?api-version=2023-04-01', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    }),
};

function monitor(answer: Answer): string {
  expect(answer.status).toBe(202);
  const url = new URL(answer.headers.get('operation-location')!);
  return `${url.pathname}${url.search}`;
}

async function finalBody(path: string, terminal: readonly string[]): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const answer = await call<Record<string, unknown>>(sim.url(), path);
    return terminal.includes(String(answer.body.status)) ? answer.body : undefined;
  });
}

describe('admin API of the start-and-poll services', () => {
  it('makes operations started after PUT .../defaults end as told, and leaves those started before alone', async () => {
    const before = monitor(await start.batch());
    await sim.admin().putTranslationDefaults({ finalStatus: 'Failed', completeAfterSeconds: 1 });
    const after = monitor(await start.batch());
    const failedBatch = await finalBody(after, ['Succeeded', 'Failed']);
    const earlierBatch = await finalBody(before, ['Succeeded', 'Failed']);
    expect(failedBatch).toMatchObject({ status: 'Failed', error: { code: 'InternalServerError' } });
    expect(earlierBatch.status).toBe('Succeeded');
  });

  it('sets defaults per service: a failing analyze default does not touch analyze-text jobs', async () => {
    await sim.admin().putDocumentAnalysisDefaults({ finalStatus: 'failed' });
    const analysis = await finalBody(monitor(await start.analyze()), ['succeeded', 'failed', 'canceled']);
    const job = await finalBody(monitor(await start.textJob()), ['succeeded', 'failed']);
    expect(analysis).toMatchObject({ status: 'failed', error: { code: 'InvalidRequest' } });
    expect(job.status).toBe('succeeded');
  });

  it('changes the course of one started operation: PUT .../jobs/{id} makes a running job end partiallyCompleted', async () => {
    const path = monitor(
      await start.textJob({
        analysisInput: { documents: [{ id: '1', text: 'x' }] },
        tasks: [
          { kind: 'EntityRecognition', taskName: 'a' },
          { kind: 'SentimentAnalysis', taskName: 'b' },
        ],
      }),
    );
    const jobId = /jobs\/([^?]+)/.exec(path)![1]!;
    await sim.admin().putTextJob(jobId, { status: 'running', finalStatus: 'partiallyCompleted' });
    const job = await finalBody(path, ['succeeded', 'partiallyCompleted', 'failed']);
    expect(job.status).toBe('partiallyCompleted');
    expect(job.tasks).toMatchObject({ completed: 1, failed: 1, total: 2 });
    expect((job.tasks as { items: { taskName: string; status: string }[] }).items).toEqual([
      expect.objectContaining({ taskName: 'a', status: 'succeeded' }),
      expect.objectContaining({ taskName: 'b', status: 'failed' }),
    ]);
  });

  it('a cancelling batch ends Cancelled unless told otherwise', async () => {
    const path = monitor(await start.batch());
    const id = /batches\/([^?]+)/.exec(path)![1]!;
    await sim.admin().putTranslationBatch(id, { status: 'Cancelling', completeAfterSeconds: 1 });
    expect((await finalBody(path, ['Cancelled', 'Succeeded'])).status).toBe('Cancelled');
  });

  it('refuses admin settings that are not in the service vocabulary, changing nothing', async () => {
    const path = monitor(await start.analyze());
    const resultId = /analyzeResults\/([^?]+)/.exec(path)![1]!;
    await expect(
      sim.admin().putDocumentAnalysis(resultId, { status: 'Succeeded' as 'succeeded' }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(sim.admin().putTextJobDefaults({ finalStatus: 'done' as 'failed' })).rejects.toMatchObject({
      status: 400,
    });
    expect((await finalBody(path, ['succeeded', 'failed'])).status).toBe('succeeded');
  });

  it('injects faults on the status monitors as on every other path: 503 with Retry-After, then the answer', async () => {
    const path = monitor(await start.textJob());
    await sim.admin().addFault({ pathPrefix: '/language/analyze-text/jobs/', status: 503, count: 1 });
    const faulted = await call(sim.url(), path);
    const next = await call(sim.url(), path);
    expect([faulted.status, faulted.headers.get('retry-after'), next.status]).toEqual([503, '1', 200]);
  });

  it('reset forgets started operations and restores the defaults', async () => {
    const path = monitor(await start.batch());
    await sim.admin().putTranslationDefaults({ finalStatus: 'ValidationFailed' });
    await sim.admin().reset();
    const gone = await call(sim.url(), path);
    const fresh = await finalBody(monitor(await start.batch()), ['Succeeded', 'ValidationFailed']);
    expect([gone.status, errorCodeOf(gone), fresh.status]).toEqual([404, 'ResourceNotFound', 'Succeeded']);
  });
});

describe('start routes', () => {
  it('accept the document itself for analysis (any non-JSON body) as well as a JSON urlSource', async () => {
    const raw = await call(
      sim.url(),
      '/documentintelligence/documentModels/prebuilt-read:analyze?api-version=2024-11-30',
      {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: '%PDF-1.7 simulated',
      },
    );
    expect(raw.status).toBe(202);
    expect((await start.analyze({ base64Source: 'JVBERi0xLjc=' })).status).toBe(202);
  });

  it.each([
    ['an analyze request without a document', () => start.analyze({}), 400, 'InvalidRequest'],
    [
      'an analyze of a model the resource does not have',
      () => start.analyze(undefined, 'my-model'),
      404,
      'NotFound',
    ],
    ['an analyze with a malformed model id', () => start.analyze(undefined, '-bad'), 400, 'InvalidArgument'],
    ['a batch without inputs', () => start.batch({ inputs: [] }), 400, 'InvalidRequest'],
    [
      'a batch target without a language',
      () =>
        start.batch({
          inputs: [{ source: { sourceUrl: 'https://a' }, targets: [{ targetUrl: 'https://b' }] }],
        }),
      400,
      'InvalidRequest',
    ],
    [
      'a text job with an unknown task kind',
      () =>
        start.textJob({
          analysisInput: { documents: [{ id: '1', text: 'x' }] },
          tasks: [{ kind: 'Poetry' }],
        }),
      400,
      'InvalidArgument',
    ],
    [
      'a text job without documents',
      () => start.textJob({ analysisInput: { documents: [] }, tasks: [{ kind: 'Healthcare' }] }),
      400,
      'InvalidArgument',
    ],
  ])('refuse %s, creating nothing', async (_what, send, status, code) => {
    const answer = await send();
    expect([answer.status, errorCodeOf(answer), answer.headers.get('operation-location')]).toEqual([
      status,
      code,
      null,
    ]);
  });

  it.each([
    ['/documentintelligence/documentModels/prebuilt-read:analyze?api-version=2023-07-31'],
    ['/translator/document/batches?api-version=v1.1'],
    ['/language/analyze-text/jobs'],
  ])('refuse an api-version they do not serve: %s', async (path) => {
    const answer = await call<{ error: { target?: string } }>(sim.url(), path, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{}',
    });
    expect([answer.status, answer.body.error.target]).toEqual([400, 'api-version']);
  });

  it('take an Entra ID bearer token as the key, refuse a wrong key, and log both', async () => {
    await sim.admin().clearRequests();
    const bearer = await fetch(`${sim.url()}/translator/document/batches?api-version=2024-05-01`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, Authorization: 'Bearer any-token' },
      body: JSON.stringify({
        inputs: [
          { source: { sourceUrl: 'https://a' }, targets: [{ targetUrl: 'https://b', language: 'fr' }] },
        ],
      }),
    });
    const wrongKey = await call(sim.url(), '/language/analyze-text/jobs?api-version=2023-04-01', {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'Ocp-Apim-Subscription-Key': 'wrong' },
      body: '{}',
    });
    expect([bearer.status, wrongKey.status, errorCodeOf(wrongKey)]).toEqual([202, 401, 'Unauthorized']);
    const log = await sim.admin().requests();
    expect(log.map((entry) => [entry.path, entry.auth, entry.status])).toEqual([
      ['/translator/document/batches', 'bearer', 202],
      ['/language/analyze-text/jobs', 'key', 401],
    ]);
  });
});
