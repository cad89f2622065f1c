import { describe, expect, it } from 'vitest';
import { serviceOf, statusWordOf } from '../../src/telemetry/ai-request-policy.js';
import { otlpProtocolOf, telemetryExporterOf } from '../../src/telemetry/start-telemetry.js';
import { carrierFrom } from '../../src/telemetry/trace-context.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('which exporter the settings choose', () => {
  it('prefers Azure Monitor, then OTLP, and is off with neither', () => {
    expect(telemetryExporterOf({})).toBe('none');
    expect(telemetryExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe('otlp');
    expect(
      telemetryExporterOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
      }),
    ).toBe('azure-monitor');
    expect(telemetryExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe('none');
  });

  it('accepts the two OTLP/HTTP encodings and names the setting for any other', () => {
    expect(otlpProtocolOf({})).toBe('http/protobuf');
    expect(otlpProtocolOf({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(() => otlpProtocolOf({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL/,
    );
  });
});

describe('trace context in message properties and headers', () => {
  it('reads traceparent and tracestate whatever their case, strings only', () => {
    expect(carrierFrom({ Traceparent: TRACEPARENT, tracestate: 'a=1' })).toEqual({
      traceparent: TRACEPARENT,
      tracestate: 'a=1',
    });
    expect(carrierFrom({ traceparent: 42 })).toEqual({});
    expect(carrierFrom(undefined)).toEqual({});
  });
});

describe('what an AI call span says', () => {
  it('names the service by the first path segment', () => {
    expect(serviceOf(new URL('https://x.cognitiveservices.azure.com/customvoice/endpoints/1:suspend'))).toBe(
      'customvoice',
    );
    expect(serviceOf(new URL('https://x.cognitiveservices.azure.com/face/v1.0-preview/operations/1'))).toBe(
      'face',
    );
    expect(serviceOf(new URL('https://x.cognitiveservices.azure.com/'))).toBe('unknown');
  });

  it("keeps the service's status word, and nothing that is not a plain word", () => {
    expect(statusWordOf('{"status":"Running","id":"1"}')).toBe('Running');
    expect(statusWordOf('{"status":"<script>"}')).toBeUndefined();
    expect(statusWordOf('not json')).toBeUndefined();
    expect(statusWordOf(undefined)).toBeUndefined();
  });
});
