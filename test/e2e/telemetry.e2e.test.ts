import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY } from '../../src/simulator/server.js';
import { startTelemetryWith, type TelemetryHandle } from '../../src/telemetry/start-telemetry.js';
import { endpointTarget, finished, submitCommand } from '../harness/operation-client.js';
import { settle } from '../harness/settle.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../harness/webhook-receiver.js';

// This file's worker runs its own SDK with in-memory exporters, started before the host so every
// span of the host lands here (vitest runs each test file in its own process).
const spans = new InMemorySpanExporter();
const metricsOut = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({
  exporter: metricsOut,
  exportIntervalMillis: 3_600_000,
});
let telemetry: TelemetryHandle;
let subscriber: WebhookReceiver;

beforeAll(async () => {
  telemetry = await startTelemetryWith({
    spanProcessors: [new SimpleSpanProcessor(spans)],
    metricReaders: [metricReader],
  });
  subscriber = await startWebhookReceiver();
});
afterAll(async () => {
  await subscriber.close();
  await telemetry.shutdown();
});

const main = useStandaloneHost({
  get settings() {
    return { EVENT_WEBHOOKS: JSON.stringify([{ url: `${subscriber.url}/events` }]) };
  },
});

const traceIdOf = (traceparent: string | undefined): string | undefined => traceparent?.split('-')[1];

function spansOfTrace(traceId: string): ReadableSpan[] {
  return spans.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
}

describe('telemetry: one trace per command', () => {
  it('joins every step of a suspend, from the request to the subscriber, in one trace', async () => {
    const host = main();
    await host.admin.putEndpoint(SEED.endpointId, { status: 'Succeeded' });
    const accepted = await submitCommand(host, {
      action: 'suspend',
      target: endpointTarget(SEED.endpointId),
    });
    expect((await finished(host, accepted.id)).status).toBe('Succeeded');
    const delivery = await waitFor(
      () =>
        subscriber.received.find(
          (r) => (r.json as { subject?: string } | undefined)?.subject === accepted.id,
        ),
      { timeoutInMs: 30_000, what: 'the completion event at the subscriber' },
    );
    await settle(host.host);

    const request = spans
      .getFinishedSpans()
      .find(
        (span) =>
          span.name === 'POST /api/commands' && span.attributes['cogops.operation.id'] === accepted.id,
      );
    expect(request, 'the HTTP server span of POST /api/commands').toBeDefined();
    expect(request!.kind).toBe(SpanKind.SERVER);
    const traceId = request!.spanContext().traceId;
    const trace = spansOfTrace(traceId);
    const named = (name: string, kind: SpanKind) =>
      trace.filter((span) => span.name === name && span.kind === kind);

    expect(named('send commands', SpanKind.PRODUCER).length, 'the bus send of the command').toBeGreaterThan(
      0,
    );
    const processing = named('process commands', SpanKind.CONSUMER);
    expect(processing.length, "the executor's processing").toBeGreaterThan(0);
    expect(processing[0]!.attributes).toMatchObject({
      'cogops.operation.id': accepted.id,
      'cogops.action': 'suspend',
    });

    const aiCalls = trace.filter(
      (span) => span.kind === SpanKind.CLIENT && span.attributes['cogops.service'] === 'customvoice',
    );
    const suspendCall = aiCalls.find((span) => String(span.attributes['url.full']).endsWith(':suspend'));
    expect(suspendCall?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 202,
    });
    expect(aiCalls.some((span) => typeof span.attributes['cogops.upstream.status'] === 'string')).toBe(true);

    const checks = trace.filter((span) => span.name === 'check operation');
    expect(checks.length, 'a poller check of the operation').toBeGreaterThan(0);
    expect(checks.every((span) => span.attributes['cogops.operation.id'] === accepted.id)).toBe(true);

    expect(named('send operation-events', SpanKind.PRODUCER).length, 'the event publish').toBeGreaterThan(0);
    expect(
      trace.some((span) => span.name === 'process operation-events' && span.kind === SpanKind.CONSUMER),
    ).toBe(true);
    const webhookCall = trace.find(
      (span) => span.kind === SpanKind.CLIENT && span.attributes['cogops.subscriber'] !== undefined,
    );
    expect(webhookCall, 'the webhook delivery').toBeDefined();

    // No span of the trace carries the resource's key, in any attribute or event.
    const recorded = JSON.stringify(trace.map((span) => [span.attributes, span.events]));
    expect(recorded).not.toContain(DEFAULT_SIMULATOR_KEY);
    expect(recorded).not.toContain(Buffer.from(DEFAULT_SIMULATOR_KEY).toString('base64'));

    // The subscriber joins the same trace: in its traceparent header and in the CloudEvent itself.
    expect(traceIdOf(delivery.headers.traceparent as string | undefined)).toBe(traceId);
    expect(traceIdOf((delivery.json as { traceparent?: string }).traceparent)).toBe(traceId);
  });

  it('counts completed operations, their duration and upstream requests', async () => {
    const host = main();
    const before = await completedCount();
    const checks = await Promise.all(
      [0, 1, 2].map(() =>
        submitCommand(host, { action: 'status-check', target: endpointTarget(SEED.endpointId) }),
      ),
    );
    for (const check of checks) expect((await finished(host, check.id)).status).toBe('Succeeded');
    await settle(host.host);

    const after = await completedCount();
    expect(after - before).toBe(3);
    const metrics = await collect();
    const duration = metrics.find((m) => m.descriptor.name === 'cogops.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const upstream = metrics.find((m) => m.descriptor.name === 'cogops.upstream.requests');
    const customVoice200 = upstream?.dataPoints.find(
      (p) =>
        p.attributes['cogops.service'] === 'customvoice' && p.attributes['http.response.status_code'] === 200,
    );
    expect(Number(customVoice200?.value ?? 0)).toBeGreaterThanOrEqual(3);
    const lag = metrics.find((m) => m.descriptor.name === 'cogops.poller.lag');
    expect(lag, 'the poller lag gauge').toBeDefined();
  });
});

async function collect() {
  metricsOut.reset();
  await metricReader.forceFlush();
  return metricsOut
    .getMetrics()
    .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
}

async function completedCount(): Promise<number> {
  const completed = (await collect()).find((m) => m.descriptor.name === 'cogops.operation.completed');
  return (completed?.dataPoints ?? [])
    .filter(
      (p) =>
        p.attributes['cogops.status'] === 'Succeeded' && p.attributes['cogops.action'] === 'status-check',
    )
    .reduce((sum, p) => sum + Number(p.value), 0);
}
