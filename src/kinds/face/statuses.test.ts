import { describe, expect, it } from 'vitest';
import { unknownStatusOf } from '../../../test/harness/ai-service-error.js';
import { mapFaceOperationStatus } from './statuses.js';

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
