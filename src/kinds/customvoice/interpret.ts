import type { StatusReading } from '../../clients/types.js';
import type { Action } from '../../domain/operation.js';
import { ERROR_CODES, canceled, failed, running, succeeded, type Outcome } from '../../domain/outcome.js';
import type { CustomVoiceEndpoint, CustomVoiceOperation } from './schemas.js';
import { endpointStatusSatisfies, isSettledEndpointStatus } from './statuses.js';

/**
 * Turns custom voice readings into an `Outcome`. Pure: the kind's steps fetch, these functions decide.
 */

/** What a user wants to see about an endpoint once an operation on it is over. */
export function endpointResult(endpoint: CustomVoiceEndpoint): Record<string, unknown> {
  return {
    endpointId: endpoint.id,
    endpointStatus: endpoint.status,
    endpointKind: endpoint.properties.kind,
    lastActionDateTime: endpoint.lastActionDateTime,
  };
}

/** A status-check of an endpoint is done when the endpoint is settled. */
export function interpretEndpointCheck(endpoint: CustomVoiceEndpoint, retryAfterInMs?: number): Outcome {
  return isSettledEndpointStatus(endpoint.status)
    ? succeeded(endpoint.status, endpointResult(endpoint))
    : running(endpoint.status, retryAfterInMs);
}

/**
 * A suspend or resume is judged by its custom voice operation; the endpoint read afterwards supplies
 * the result. A resume that "succeeds" but leaves the endpoint Disabled is reported as failed, because the
 * user's goal was a running endpoint.
 */
export function interpretEndpointTransition(
  action: Extract<Action, 'suspend' | 'resume'>,
  reading: StatusReading<CustomVoiceOperation>,
  endpoint: CustomVoiceEndpoint | undefined,
): Outcome {
  const word = reading.body.status;
  switch (reading.mapped.status) {
    case 'NotStarted':
    case 'Running':
      return running(word, reading.retryAfterInMs);
    case 'Succeeded': {
      if (endpoint && !endpointStatusSatisfies(action, endpoint.status)) {
        if (!isSettledEndpointStatus(endpoint.status))
          return running(endpoint.status, reading.retryAfterInMs);
        return failed(word, {
          code: ERROR_CODES.OperationFailed,
          message: `The ${action} operation finished but the endpoint is '${endpoint.status}'.`,
        });
      }
      if (!endpoint) return succeeded(word, {});
      // The endpoint's last action is the end of the transition this operation made.
      return {
        kind: 'terminal',
        status: 'Succeeded',
        upstreamStatus: word,
        result: endpointResult(endpoint),
        endedAt: endpoint.lastActionDateTime,
      };
    }
    case 'Failed':
      return failed(word, {
        code: ERROR_CODES.OperationFailed,
        message: `The service reported that the ${action} operation failed${
          endpoint ? `; the endpoint is '${endpoint.status}'` : ''
        }.`,
      });
    case 'Canceled':
      return canceled(word);
  }
}

export function interpretCustomVoiceOperation(reading: StatusReading<CustomVoiceOperation>): Outcome {
  const word = reading.body.status;
  switch (reading.mapped.status) {
    case 'NotStarted':
    case 'Running':
      return running(word, reading.retryAfterInMs);
    case 'Succeeded':
      return succeeded(word, { operationId: reading.body.id, status: word });
    case 'Failed':
      return failed(word, {
        code: ERROR_CODES.OperationFailed,
        message: `The custom voice operation '${reading.body.id}' failed.`,
      });
    case 'Canceled':
      return canceled(word);
  }
}
