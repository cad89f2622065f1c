import { describe, expect, it } from 'vitest';
import type { MappedStatus, StatusReading } from '../../clients/types.js';
import { interpretQnaJob } from './interpret.js';

const NOW = new Date('2026-03-01T12:00:00Z');

function reading<T>(body: T, status: MappedStatus['status'], upstreamStatus: string): StatusReading<T> {
  return { body, mapped: { status, upstreamStatus } };
}

function qnaJob(status: string, extra: Record<string, unknown> = {}) {
  return {
    jobId: 'job1',
    status,
    createdDateTime: '2026-03-01T11:00:00Z',
    lastUpdatedDateTime: '2026-03-01T11:30:00Z',
    ...extra,
  };
}

describe('interpretQnaJob', () => {
  it('reports a partially completed job as Failed with code PartiallyCompleted and the job errors as details', () => {
    const outcome = interpretQnaJob(
      reading(
        qnaJob('partiallyCompleted', { errors: [{ code: 'InvalidDocument', message: 'qna 3 is empty' }] }),
        'Failed',
        'partiallyCompleted',
      ),
      NOW,
    );
    expect(outcome).toMatchObject({
      kind: 'terminal',
      status: 'Failed',
      upstreamStatus: 'partiallyCompleted',
      error: {
        code: 'PartiallyCompleted',
        details: [{ code: 'InvalidDocument', message: 'qna 3 is empty' }],
      },
    });
  });

  it('ends a job still running past its expirationDateTime as Failed with code Expired', () => {
    const expired = interpretQnaJob(
      reading(qnaJob('running', { expirationDateTime: '2026-03-01T11:59:59Z' }), 'Running', 'running'),
      NOW,
    );
    expect(expired).toMatchObject({ kind: 'terminal', status: 'Failed', error: { code: 'Expired' } });

    const notYet = interpretQnaJob(
      reading(qnaJob('running', { expirationDateTime: '2026-03-01T12:00:01Z' }), 'Running', 'running'),
      NOW,
    );
    expect(notYet).toEqual({ kind: 'running', upstreamStatus: 'running' });
  });

  it('keeps the first service error of a failed job as the operation error', () => {
    const outcome = interpretQnaJob(
      reading(
        qnaJob('failed', { errors: [{ code: 'ProjectNotFound', message: 'gone' }] }),
        'Failed',
        'failed',
      ),
      NOW,
    );
    expect(outcome).toMatchObject({ status: 'Failed', error: { code: 'ProjectNotFound', message: 'gone' } });
  });

  it('maps a cancelled job to Canceled', () => {
    expect(interpretQnaJob(reading(qnaJob('cancelled'), 'Canceled', 'cancelled'), NOW)).toMatchObject({
      kind: 'terminal',
      status: 'Canceled',
    });
  });
});
