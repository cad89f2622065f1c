import { trace, type Tracer } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE } from './names.js';

/** The app's tracer; a proxy until telemetry starts, so it can be taken at module load. */
export const tracer: Tracer = trace.getTracer(INSTRUMENTATION_SCOPE);

let enabled = false;

/** Set once an exporter is registered; until then the instrumentation wrappers step aside entirely. */
export function markTelemetryEnabled(value: boolean): void {
  enabled = value;
}

export function isTelemetryEnabled(): boolean {
  return enabled;
}
