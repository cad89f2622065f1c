import type { OperationError } from './operation.js';
import type { TerminalStatus } from './operation-event.js';

/** What one look at the service says about an operation, in the product's terms. */
export type Outcome =
  | { kind: 'running'; upstreamStatus: string; retryAfterInMs?: number }
  | {
      kind: 'terminal';
      status: TerminalStatus;
      upstreamStatus?: string;
      result?: Record<string, unknown>;
      error?: OperationError;
      /** When the service says the work ended (ISO 8601), if it says: the truest duration to learn from. */
      endedAt?: string;
    };

export function running(upstreamStatus: string, retryAfterInMs?: number): Outcome {
  return retryAfterInMs === undefined
    ? { kind: 'running', upstreamStatus }
    : { kind: 'running', upstreamStatus, retryAfterInMs };
}

export function succeeded(upstreamStatus: string | undefined, result: Record<string, unknown>): Outcome {
  return { kind: 'terminal', status: 'Succeeded', ...(upstreamStatus ? { upstreamStatus } : {}), result };
}

export function failed(upstreamStatus: string | undefined, error: OperationError): Outcome {
  return { kind: 'terminal', status: 'Failed', ...(upstreamStatus ? { upstreamStatus } : {}), error };
}

export function canceled(upstreamStatus: string | undefined): Outcome {
  return { kind: 'terminal', status: 'Canceled', ...(upstreamStatus ? { upstreamStatus } : {}) };
}

export const ERROR_CODES = {
  Expired: 'Expired',
  PartiallyCompleted: 'PartiallyCompleted',
  OperationFailed: 'OperationFailed',
  UnknownResource: 'UnknownResource',
  RetriesExhausted: 'RetriesExhausted',
} as const;
