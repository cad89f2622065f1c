import type { StatusReading } from '../../clients/types.js';
import type { OperationError } from '../../domain/operation.js';
import { ERROR_CODES, canceled, failed, running, succeeded, type Outcome } from '../../domain/outcome.js';
import type { QnaJob } from './schemas.js';

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
