import { describe, expect, it } from 'vitest';
import { unknownStatusOf } from '../../../test/harness/ai-service-error.js';
import { mapQnaJobStatus } from './statuses.js';

describe('question answering status mapping', () => {
  it('maps every QnA job status as the product brief says', () => {
    const expected = {
      notStarted: 'NotStarted',
      running: 'Running',
      succeeded: 'Succeeded',
      failed: 'Failed',
      cancelled: 'Canceled',
      cancelling: 'Running',
      partiallyCompleted: 'Failed',
    } as const;
    for (const [word, status] of Object.entries(expected)) {
      expect(mapQnaJobStatus(word)).toEqual({ status, upstreamStatus: word });
    }
  });

  it('refuses a status word it does not know instead of guessing', () => {
    for (const map of [() => mapQnaJobStatus('archived')]) {
      const error = unknownStatusOf(map);
      expect(error.code).toBe('UnknownStatus');
      expect(error.retryable).toBe(false);
    }
  });
});
