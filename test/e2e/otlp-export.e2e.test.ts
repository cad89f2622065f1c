import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { waitFor } from '../harness/wait-for.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A local OTLP/HTTP receiver that keeps every JSON export it is sent, by signal path. */
interface OtlpReceiver {
  url: string;
  exports: Array<{ path: string; contentType: string; body: unknown }>;
  close(): Promise<void>;
}

async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpReceiver['exports'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      exports.push({ path: req.url ?? '/', contentType: req.headers['content-type'] ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let receiver: OtlpReceiver;
let child: ChildProcess | undefined;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
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

    const traces = () => receiver.exports.filter((e) => e.path === '/v1/traces');
    const metrics = () => receiver.exports.filter((e) => e.path === '/v1/metrics');
    await waitFor(() => traces().some((e) => spanNamesOf(e.body).includes('check operation')) || undefined, {
      timeoutInMs: 30_000,
      what: 'the spans of the suspend at the receiver',
    });
    await waitFor(
      () => metrics().some((e) => metricNamesOf(e.body).includes('cogops.operation.completed')) || undefined,
      { timeoutInMs: 30_000, what: 'the completion metric at the receiver' },
    );
    const spanNames = traces().flatMap((e) => spanNamesOf(e.body));
    expect(spanNames).toEqual(
      expect.arrayContaining(['POST /api/commands', 'process commands', 'send commands']),
    );
    expect(traces().every((e) => e.contentType.startsWith('application/json'))).toBe(true);
    const serviceNames = JSON.stringify(traces()[0]!.body);
    expect(serviceNames).toContain('cogops-otlp-test');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
