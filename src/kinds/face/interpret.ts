import type { StatusReading } from '../../clients/types.js';
import { ERROR_CODES, canceled, failed, running, succeeded, type Outcome } from '../../domain/outcome.js';
import type { FaceOperation } from './schemas.js';

/** A Face snapshot operation reading as an `Outcome`. Pure. */
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
