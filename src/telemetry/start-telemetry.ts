import type { Env } from '../config/env.js';
import { ConfigurationError, readOptionalString } from '../config/env.js';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_SERVICE_NAME } from './names.js';
import { markTelemetryEnabled } from './tracer.js';

export type TelemetryExporter = 'azure-monitor' | 'otlp' | 'none';

export interface TelemetryHandle {
  exporter: TelemetryExporter;
  /** Exports what is buffered and stops the SDK (call on shutdown so the last spans are not lost). */
  shutdown(): Promise<void>;
}

const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Which exporter the settings ask for; pure, so a test can check the choice without starting an SDK. */
export function telemetryExporterOf(env: Env): TelemetryExporter {
  if (readOptionalString(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING')) return 'azure-monitor';
  if (readOptionalString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT')) return 'otlp';
  return 'none';
}

export function otlpProtocolOf(env: Env): OtlpProtocol {
  const protocol = readOptionalString(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new ConfigurationError(
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      `OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${OTLP_PROTOCOLS.join(', ')}.`,
    );
  }
  return protocol as OtlpProtocol;
}

/**
 * Starts OpenTelemetry for the process: the Azure Monitor distro when APPLICATIONINSIGHTS_CONNECTION_STRING
 * is set, the OTLP exporters when OTEL_EXPORTER_OTLP_ENDPOINT is, nothing otherwise. The SDKs are loaded
 * only when one is asked for, so a process without telemetry pays neither their import nor their work.
 */
export async function startTelemetryFromEnv(env: Env): Promise<TelemetryHandle> {
  const exporter = telemetryExporterOf(env);
  const serviceName = readOptionalString(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME;
  if (exporter === 'none') return { exporter, shutdown: () => Promise.resolve() };
  const shutdown =
    exporter === 'azure-monitor'
      ? await startAzureMonitor(env, serviceName)
      : await startOtlp(env, serviceName, otlpProtocolOf(env));
  markTelemetryEnabled(true);
  return {
    exporter,
    shutdown: async () => {
      markTelemetryEnabled(false);
      await shutdown();
    },
  };
}

async function startAzureMonitor(env: Env, serviceName: string): Promise<() => Promise<void>> {
  const [
    { useAzureMonitor, shutdownAzureMonitor },
    { ManagedIdentityCredential },
    { resourceFromAttributes },
  ] = await Promise.all([
    import('@azure/monitor-opentelemetry'),
    import('@azure/identity'),
    import('@opentelemetry/resources'),
  ]);
  // Application Insights has local (key) auth off in our infra: the app identity sends the telemetry.
  const clientId = readOptionalString(env, 'AZURE_CLIENT_ID');
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString: readOptionalString(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING') ?? '',
      credential: clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential(),
    },
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    // Every record of the app's own operations is kept: no ratio sampling, no per-second cap.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // Our own spans cover incoming requests and AI calls; the generic HTTP ones would double them.
    instrumentationOptions: { http: { enabled: false } },
  });
  return shutdownAzureMonitor;
}

async function startOtlp(
  env: Env,
  serviceName: string,
  protocol: OtlpProtocol,
): Promise<() => Promise<void>> {
  const endpoint = (readOptionalString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? '').replace(/\/+$/, '');
  const [{ PeriodicExportingMetricReader }, { BatchLogRecordProcessor }, { BatchSpanProcessor }, exporters] =
    await Promise.all([
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/sdk-logs'),
      import('@opentelemetry/sdk-trace-base'),
      loadOtlpExporters(protocol),
    ]);
  const intervalInMs = Number(readOptionalString(env, 'OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000);
  return startSdk(serviceName, {
    spanProcessors: [new BatchSpanProcessor(new exporters.TraceExporter({ url: `${endpoint}/v1/traces` }))],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new exporters.MetricExporter({ url: `${endpoint}/v1/metrics` }),
        exportIntervalMillis: Number.isFinite(intervalInMs) && intervalInMs > 0 ? intervalInMs : 60_000,
      }),
    ],
    logRecordProcessors: [
      new BatchLogRecordProcessor(new exporters.LogExporter({ url: `${endpoint}/v1/logs` })),
    ],
  });
}

/** Where the SDK sends what it records; the tests pass in-memory exporters here. */
export interface TelemetryPipeline {
  spanProcessors: SpanProcessor[];
  metricReaders: IMetricReader[];
  logRecordProcessors?: LogRecordProcessor[];
}

/** Starts the OpenTelemetry Node SDK with the given processors (W3C trace context propagation). */
export async function startTelemetryWith(
  pipeline: TelemetryPipeline,
  serviceName: string = DEFAULT_SERVICE_NAME,
): Promise<TelemetryHandle> {
  const shutdown = await startSdk(serviceName, pipeline);
  markTelemetryEnabled(true);
  return {
    exporter: 'otlp',
    shutdown: async () => {
      markTelemetryEnabled(false);
      await shutdown();
    },
  };
}

async function startSdk(serviceName: string, pipeline: TelemetryPipeline): Promise<() => Promise<void>> {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors: pipeline.spanProcessors,
    metricReaders: pipeline.metricReaders,
    logRecordProcessors: pipeline.logRecordProcessors ?? [],
    // Our own spans cover requests, messages and AI calls; no automatic instrumentation is loaded.
    instrumentations: [],
    autoDetectResources: false,
  });
  sdk.start();
  return () => sdk.shutdown();
}

async function loadOtlpExporters(protocol: OtlpProtocol) {
  if (protocol === 'http/json') {
    const [trace, metric, log] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
      import('@opentelemetry/exporter-logs-otlp-http'),
    ]);
    return {
      TraceExporter: trace.OTLPTraceExporter,
      MetricExporter: metric.OTLPMetricExporter,
      LogExporter: log.OTLPLogExporter,
    };
  }
  const [trace, metric, log] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/exporter-metrics-otlp-proto'),
    import('@opentelemetry/exporter-logs-otlp-proto'),
  ]);
  return {
    TraceExporter: trace.OTLPTraceExporter,
    MetricExporter: metric.OTLPMetricExporter,
    LogExporter: log.OTLPLogExporter,
  };
}
