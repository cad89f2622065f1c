import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { Log } from '../pipeline/ports.js';
import { INSTRUMENTATION_SCOPE } from './names.js';
import { operationAttributes, type OperationIdentity } from './operation-attributes.js';
import { isTelemetryEnabled } from './tracer.js';

const SEVERITY = {
  log: { number: SeverityNumber.INFO, text: 'INFO' },
  warn: { number: SeverityNumber.WARN, text: 'WARN' },
  error: { number: SeverityNumber.ERROR, text: 'ERROR' },
} as const;

/**
 * A log for one command's steps: every line still goes to the invocation's own log (the host's output, or
 * the Functions host's logs), and, when telemetry is on, also becomes a log record that carries the
 * operation id, action, target kind and resource as attributes, inside the active trace.
 */
export function operationLog(log: Log, operation: OperationIdentity): Log {
  const emit = (level: keyof typeof SEVERITY, args: unknown[]): void => {
    if (!isTelemetryEnabled()) return;
    logs.getLogger(INSTRUMENTATION_SCOPE).emit({
      severityNumber: SEVERITY[level].number,
      severityText: SEVERITY[level].text,
      body: args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '),
      attributes: operationAttributes(operation),
    });
  };
  return {
    log: (...args) => {
      log.log(...args);
      emit('log', args);
    },
    warn: (...args) => {
      log.warn(...args);
      emit('warn', args);
    },
    error: (...args) => {
      log.error(...args);
      emit('error', args);
    },
  };
}
