import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { waitFor } from '../harness/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../harness/webhook-receiver.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// An OTLP/HTTP receiver only has to accept JSON POSTs and answer 2xx: the webhook receiver does.
let receiver: WebhookReceiver;
let child: ChildProcess | undefined;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await receiver.close();
});

const spanNamesOf = (body: unknown): string[] =>
  (
    (body as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ name: string }> }> }> })
      .resourceSpans ?? []
  ).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => (s.spans ?? []).map((x) => x.name)));

const metricNamesOf = (body: unknown): string[] =>
  (
    (body as { resourceMetrics?: Array<{ scopeMetrics?: Array<{ metrics?: Array<{ name: string }> }> }> })
      .resourceMetrics ?? []
  ).flatMap((r) => (r.scopeMetrics ?? []).flatMap((s) => (s.metrics ?? []).map((m) => m.name)));

describe('npm start with OTEL_EXPORTER_OTLP_ENDPOINT and http/json', () => {
  it('sends the traces and metrics of a suspend to the OTLP receiver', async () => {
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'src/standalone/main.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        SIMULATOR_PORT: '0',
        STANDALONE_DATA_DIR: 'memory',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'cogops-otlp-test',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Press Ctrl-C to stop.'), {
      timeoutInMs: 60_000,
      what: 'the start banner',
    });
    const commandsUrl = /curl -si -X POST (\S+\/api\/commands)/.exec(output)?.[1];
    expect(commandsUrl, output).toBeDefined();

    const accepted = await fetch(commandsUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'suspend',
        target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: SEED.endpointId },
      }),
    });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('operation-location')!;
    await waitFor(
      async () =>
        ((await (await fetch(location)).json()) as { status: string }).status === 'Succeeded' || undefined,
      { timeoutInMs: 60_000, what: 'the suspend to finish' },
    );

    const traces = () => receiver.received.filter((e) => e.path === '/v1/traces');
    const metrics = () => receiver.received.filter((e) => e.path === '/v1/metrics');
    await waitFor(() => traces().some((e) => spanNamesOf(e.json).includes('check operation')) || undefined, {
      timeoutInMs: 30_000,
      what: 'the spans of the suspend at the receiver',
    });
    await waitFor(
      () => metrics().some((e) => metricNamesOf(e.json).includes('cogops.operation.completed')) || undefined,
      { timeoutInMs: 30_000, what: 'the completion metric at the receiver' },
    );
    const spanNames = traces().flatMap((e) => spanNamesOf(e.json));
    expect(spanNames).toEqual(
      expect.arrayContaining(['POST /api/commands', 'process commands', 'send commands']),
    );
    expect(traces().every((e) => String(e.headers['content-type']).startsWith('application/json'))).toBe(
      true,
    );
    const serviceNames = traces()[0]!.rawBody;
    expect(serviceNames).toContain('cogops-otlp-test');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
