import { describe, expect, it } from 'vitest';
import { AiServiceError } from '../../clients/errors.js';
import { mapFaceOperationStatus } from './statuses.js';

function unknownStatusOf(map: () => unknown): AiServiceError {
  try {
    map();
  } catch (error) {
    if (error instanceof AiServiceError) return error;
    throw error;
  }
  throw new Error('expected an AiServiceError');
}

describe('Face status mapping', () => {
  it('maps Face operation statuses', () => {
    expect(mapFaceOperationStatus('notStarted').status).toBe('NotStarted');
    expect(mapFaceOperationStatus('running').status).toBe('Running');
    expect(mapFaceOperationStatus('succeeded').status).toBe('Succeeded');
    expect(mapFaceOperationStatus('failed')).toEqual({ status: 'Failed', upstreamStatus: 'failed' });
  });

  it('refuses a status word it does not know instead of guessing', () => {
    for (const map of [() => mapFaceOperationStatus('done')]) {
      const error = unknownStatusOf(map);
      expect(error.code).toBe('UnknownStatus');
      expect(error.retryable).toBe(false);
    }
  });
});
