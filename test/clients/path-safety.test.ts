import { describe, expect, it } from 'vitest';
import { AiServiceError } from '../../src/clients/errors.js';
import { buildUrl } from '../../src/clients/service-call.js';
import { requireId } from '../../src/clients/validation.js';
import { JOB_ID } from '../../src/kinds/qna/client.js';

describe('ids in request paths', () => {
  it('cannot step out of their path segment, even as a bare dot segment that encoding leaves alone', () => {
    expect(buildUrl('https://r.example', ['language', 'jobs', 'a/b?c#d'])).toBe(
      'https://r.example/language/jobs/a%2Fb%3Fc%23d',
    );
    expect(() => buildUrl('https://r.example', ['language', 'jobs', '..'])).toThrow(RangeError);
    expect(() => buildUrl('https://r.example', ['language', '.', 'jobs'])).toThrow(RangeError);
  });

  it('refuses . and .. as QnA job ids before any request, and accepts ids with dots inside', () => {
    for (const id of ['.', '..']) {
      expect(() => requireId('qna', 'jobId', JOB_ID, id)).toThrow(AiServiceError);
    }
    expect(requireId('qna', 'jobId', JOB_ID, 'job.1..2')).toBe('job.1..2');
  });
});
