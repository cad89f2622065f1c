import type { StatusReading } from '../../clients/types.js';
import type { OperationError } from '../../domain/operation.js';
import { ERROR_CODES, running, type Outcome } from '../../domain/outcome.js';
import type { ServiceError, StatusMonitorBody } from './schemas.js';
import { NAMED_FAILURES, truncate } from './statuses.js';

/**
 * Reads the body of any Azure AI status monitor (Azure Core `OperationStatus`, Document Intelligence
 * `AnalyzeOperation`, Translator `TranslationStatus`, Language `AnalyzeTextJobState`) into an `Outcome`.
 * Pure. Only the fields those shapes share are read; everything else is the service's business.
 */

/** What a record keeps of a service error: short, and only the fields the product shows. */
function keptError(error: ServiceError): { code: string; message: string; target?: string } {
  return {
    code: truncate(error.code, 128),
    message: truncate(error.message, 1024),
    ...(error.target !== undefined ? { target: truncate(error.target, 256) } : {}),
  };
}

function asOperationError(error: ServiceError): OperationError {
  return { code: truncate(error.code, 128), message: truncate(error.message, 1024) };
}

/**
 * The outcome of one status read. Terminal outcomes carry a `result` with the service's own final
 * `status`, its `resourceLocation` and its `error` where it gave them; a failure also carries the
 * product's `error` (the service's code, `PartiallyCompleted`/`ValidationFailed`, or `OperationFailed`).
 * The status word was mapped by the client (`mapAzureOperationStatus`), which refuses unknown words.
 */
export function interpretStatusMonitor(reading: StatusReading<StatusMonitorBody>, now: Date): Outcome {
  const body = reading.body;
  const { status, upstreamStatus } = reading.mapped;
  const retryAfterInMs = reading.retryAfterInMs;
  const serviceErrors = body.error ? [body.error] : (body.errors ?? []);
  const result: Record<string, unknown> = {
    status: upstreamStatus,
    ...(body.resourceLocation !== undefined ? { resourceLocation: body.resourceLocation } : {}),
    ...(serviceErrors[0] !== undefined ? { error: keptError(serviceErrors[0]) } : {}),
  };
  switch (status) {
    case 'NotStarted':
    case 'Running': {
      const expiresAt = body.expirationDateTime ? Date.parse(body.expirationDateTime) : Number.NaN;
      if (!Number.isNaN(expiresAt) && expiresAt <= now.getTime()) {
        return {
          kind: 'terminal',
          status: 'Failed',
          upstreamStatus,
          result,
          error: {
            code: ERROR_CODES.Expired,
            message: `The operation expired at ${body.expirationDateTime} before it finished.`,
          },
        };
      }
      return running(upstreamStatus, retryAfterInMs);
    }
    case 'Succeeded':
      return { kind: 'terminal', status: 'Succeeded', upstreamStatus, result };
    case 'Canceled':
      return { kind: 'terminal', status: 'Canceled', upstreamStatus, result };
    case 'Failed': {
      const named = NAMED_FAILURES[upstreamStatus.toLowerCase()];
      const first = serviceErrors[0];
      const details = serviceErrors.map(asOperationError);
      const error: OperationError = {
        code: named ?? first?.code ?? ERROR_CODES.OperationFailed,
        message: truncate(
          first?.message ?? `The service reported the operation as '${upstreamStatus}'.`,
          1024,
        ),
        ...(details.length > 0 ? { details } : {}),
      };
      return { kind: 'terminal', status: 'Failed', upstreamStatus, result, error };
    }
  }
}
