import type {
  CustomVoiceEndpoint,
  CustomVoiceOperation,
  FaceOperation,
  QnaJob,
  StatusReading,
} from '../clients/types.js';
import { endpointStatusSatisfies } from '../clients/status-mapping.js';
import type { Action, OperationError } from './operation.js';
import { ERROR_CODES, canceled, failed, running, succeeded, type Outcome } from './outcome.js';

/**
 * Turns each service's status reading into an `Outcome`. Pure: the executor and the poller fetch,
 * these functions decide.
 */

/** Endpoint states that are not on their way somewhere else. */
const SETTLED_ENDPOINT_STATUSES = new Set(['Succeeded', 'Disabled', 'Failed', 'NotStarted']);

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
  return SETTLED_ENDPOINT_STATUSES.has(endpoint.status)
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
        if (!SETTLED_ENDPOINT_STATUSES.has(endpoint.status))
          return running(endpoint.status, reading.retryAfterInMs);
        return failed(word, {
          code: ERROR_CODES.OperationFailed,
          message: `The ${action} operation finished but the endpoint is '${endpoint.status}'.`,
        });
      }
      return succeeded(word, endpoint ? endpointResult(endpoint) : {});
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

export function interpretFaceOperation(reading: StatusReading<FaceOperation>): Outcome {
  const body = reading.body;
  switch (reading.mapped.status) {
    case 'NotStarted':
    case 'Running':
      return running(body.status, reading.retryAfterInMs);
    case 'Succeeded':
      return succeeded(body.status, {
        ...(body.resourceLocation ? { resourceLocation: body.resourceLocation } : {}),
        ...(body.finishedTime ? { finishedTime: body.finishedTime } : {}),
      });
    case 'Failed':
      return failed(body.status, {
        code: ERROR_CODES.OperationFailed,
        message: body.message ?? 'The Face operation failed.',
      });
    case 'Canceled':
      return canceled(body.status);
  }
}

/**
 * QnA jobs: `partiallyCompleted` is a failure with its own code, and a job still not finished past its
 * `expirationDateTime` will never finish, so it ends `Expired`.
 */
export function interpretQnaJob(reading: StatusReading<QnaJob>, now: Date): Outcome {
  const job = reading.body;
  const details = (job.errors ?? []).map((e): OperationError => ({ code: e.code, message: e.message }));
  switch (reading.mapped.status) {
    case 'NotStarted':
    case 'Running': {
      const expiresAt = job.expirationDateTime ? Date.parse(job.expirationDateTime) : Number.NaN;
      if (!Number.isNaN(expiresAt) && expiresAt <= now.getTime()) {
        return failed(job.status, {
          code: ERROR_CODES.Expired,
          message: `The job expired at ${job.expirationDateTime} before it finished.`,
        });
      }
      return running(job.status, reading.retryAfterInMs);
    }
    case 'Succeeded':
      return succeeded(job.status, { jobId: job.jobId, lastUpdatedDateTime: job.lastUpdatedDateTime });
    case 'Failed': {
      const partial = job.status === 'partiallyCompleted';
      return failed(job.status, {
        code: partial ? ERROR_CODES.PartiallyCompleted : (details[0]?.code ?? ERROR_CODES.OperationFailed),
        message: partial
          ? 'The job completed only partially.'
          : (details[0]?.message ?? 'The question answering job failed.'),
        ...(details.length > 0 ? { details } : {}),
      });
    }
    case 'Canceled':
      return canceled(job.status);
  }
}
