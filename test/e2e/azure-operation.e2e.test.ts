import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBus } from '../../src/bus/local-bus.js';
import { DEFAULT_SIMULATOR_KEY } from '../../src/simulator/server.js';
import { eventOf, quiesce, startEventTap, type EventTap } from '../harness/event-tap.js';
import { finished, submitCommand } from '../harness/operation-client.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';

/**
 * The `azure-operation` kind through the standalone host: an operation started on the simulator by its
 * service's real start route (as another caller would), followed by a status-check until it ends, with
 * exactly one completion event; and every refused status monitor URL a 400 that stores and sends nothing.
 */

const get = useStandaloneHost();

let tap: EventTap;
beforeAll(() => {
  tap = startEventTap(get().host);
});
afterAll(async () => {
  await tap.close();
});

interface Service {
  name: string;
  start: { path: string; body: unknown };
  /** Makes operations started from now on end in the service's failure word. */
  failNext(): Promise<unknown>;
  succeeded: string;
  failed: string;
  failureCode: string;
}

const SERVICES: Service[] = [
  {
    name: 'Document Intelligence analyze',
    start: {
      path: '/documentintelligence/documentModels/prebuilt-layout:analyze?api-version=2024-11-30',
      body: { urlSource: 'https://docs.example/contract.pdf' },
    },
    failNext: () => get().admin.putDocumentAnalysisDefaults({ finalStatus: 'failed' }),
    succeeded: 'succeeded',
    failed: 'failed',
    failureCode: 'InvalidRequest',
  },
  {
    name: 'Translator document batch',
    start: {
      path: '/translator/document/batches?api-version=2024-05-01',
      body: {
        inputs: [
          {
            source: { sourceUrl: 'https://blob.example/source' },
            targets: [{ targetUrl: 'https://blob.example/fr', language: 'fr' }],
          },
        ],
      },
    },
    failNext: () => get().admin.putTranslationDefaults({ finalStatus: 'ValidationFailed' }),
    succeeded: 'Succeeded',
    failed: 'ValidationFailed',
    failureCode: 'ValidationFailed',
  },
  {
    name: 'Language analyze-text job',
    start: {
      path: '/language/analyze-text/jobs?api-version=2023-04-01',
      body: {
        analysisInput: { documents: [{ id: '1', text: 'The ferry to Bainbridge leaves at noon.' }] },
        tasks: [{ kind: 'EntityRecognition', taskName: 'entities' }],
      },
    },
    failNext: () => get().admin.putTextJobDefaults({ finalStatus: 'failed' }),
    succeeded: 'succeeded',
    failed: 'failed',
    failureCode: 'InternalServerError',
  },
];

/** Starts an operation on the simulator as another caller would, and returns its status monitor. */
async function startOnSimulator(service: Service): Promise<string> {
  const response = await fetch(`${get().host.simulatorUrl}${service.start.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': DEFAULT_SIMULATOR_KEY },
    body: JSON.stringify(service.start.body),
  });
  expect(response.status).toBe(202);
  const location = response.headers.get('operation-location');
  expect(location).toBeTruthy();
  return location!;
}

const statusCheck = (operationLocation: string) => ({
  action: 'status-check',
  target: { kind: 'azure-operation', resource: 'simulator', operationLocation },
});

describe.each(SERVICES)('azure-operation status-check of a $name', (service) => {
  it('ends Succeeded with the service final word, the monitor followed, and one event', async () => {
    const operationLocation = await startOnSimulator(service);
    const accepted = await submitCommand(get(), statusCheck(operationLocation));
    const done = await finished(get(), accepted.id);
    expect(done.status).toBe('Succeeded');
    expect(done.result).toMatchObject({ status: service.succeeded });
    expect(done.upstream).toMatchObject({ operationLocation, status: service.succeeded });
    await quiesce(get().host, [tap]);
    const events = tap.eventsFor(accepted.id).map(eventOf);
    expect(events.map((event) => [event.type, event.data.status])).toEqual([
      ['CognitiveOps.Operation.Succeeded', 'Succeeded'],
    ]);
  });

  it('ends Failed with the service error where the simulator fails it, and one event', async () => {
    await get().admin.reset();
    await service.failNext();
    const operationLocation = await startOnSimulator(service);
    const accepted = await submitCommand(get(), statusCheck(operationLocation));
    const done = await finished(get(), accepted.id);
    await get().admin.reset();
    expect(done.status).toBe('Failed');
    expect(done.error?.code).toBe(service.failureCode);
    expect(done.result).toMatchObject({ status: service.failed, error: { code: expect.any(String) } });
    await quiesce(get().host, [tap]);
    const events = tap.eventsFor(accepted.id).map(eventOf);
    expect(events.map((event) => [event.type, event.data.error?.code])).toEqual([
      ['CognitiveOps.Operation.Failed', service.failureCode],
    ]);
  });
});

describe('azure-operation refusals', () => {
  const monitor = () =>
    `${get().host.simulatorUrl}/language/analyze-text/jobs/c0f2a446-05d9-48fc-ba8f-3ef4af8d0b18`;
  const refusals: [string, () => string, string][] = [
    [
      'a host that is not the resource',
      () => 'https://evil.example/language/analyze-text/jobs/1',
      'OperationLocationNotOnResource',
    ],
    [
      'another port on the same machine',
      () => monitor().replace(/:\d+\//, ':1/'),
      'OperationLocationNotOnResource',
    ],
    ['a scheme other than https', () => monitor().replace(/^http:/, 'ftp:'), 'OperationLocationNotHttps'],
    [
      'credentials',
      () => monitor().replace('http://', 'http://user:secret@'),
      'OperationLocationHasCredentials',
    ],
    ['a fragment', () => `${monitor()}#status`, 'OperationLocationHasFragment'],
    ['more than 2 KiB', () => `${monitor()}?pad=${'a'.repeat(2048)}`, 'OperationLocationTooLong'],
    ['not a URL', () => 'jobs/c0f2a446', 'InvalidOperationLocation'],
  ];

  it.each(refusals)('refuses %s with a 400 naming it', async (_what, url, code) => {
    const response = await get().api('/api/commands', postJson(statusCheck(url())));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-ms-error-code')).toBe(code);
    const body = (await response.json()) as { error: { code: string; target?: string } };
    expect(body.error).toMatchObject({ code, target: 'target.operationLocation' });
  });

  it('stores, enqueues and calls nothing for any of them', async () => {
    const { host, admin } = get();
    const bus = host.bus as LocalBus;
    await quiesce(host, [tap]);
    const before = (await host.services.operations.list({ top: 1000 })).items.length;
    await admin.clearRequests();
    for (const [, url] of refusals) {
      expect((await get().api('/api/commands', postJson(statusCheck(url())))).status).toBe(400);
    }
    await quiesce(host, [tap]);
    expect((await host.services.operations.list({ top: 1000 })).items).toHaveLength(before);
    expect(bus.stats({ queue: 'commands' })).toMatchObject({ active: 0, locked: 0, scheduled: 0 });
    expect(await admin.requests()).toEqual([]);
  });
});
