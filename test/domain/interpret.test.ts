import { describe, expect, it } from 'vitest';
import type { MappedStatus, StatusReading } from '../../src/clients/types.js';
import {
  interpretEndpointCheck,
  interpretEndpointTransition,
} from '../../src/kinds/customvoice/interpret.js';
import type { CustomVoiceEndpoint } from '../../src/kinds/customvoice/schemas.js';
import { interpretFaceOperation } from '../../src/kinds/face/interpret.js';
import { interpretQnaJob } from '../../src/kinds/qna/interpret.js';

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

function endpoint(status: string): CustomVoiceEndpoint {
  return {
    id: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
    projectId: 'Jessica',
    modelId: 'Jessica',
    properties: { kind: 'HighPerformance' },
    status,
    createdDateTime: '2023-04-01T05:30:00.000Z',
    lastActionDateTime: '2023-04-02T10:15:30.000Z',
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

describe('interpretFaceOperation', () => {
  it('puts the resource location of a succeeded operation in the result and the message of a failed one in the error', () => {
    const ok = interpretFaceOperation(
      reading(
        { status: 'succeeded', createdTime: 'x', resourceLocation: '/snapshots/abc' },
        'Succeeded',
        'succeeded',
      ),
    );
    expect(ok).toMatchObject({ status: 'Succeeded', result: { resourceLocation: '/snapshots/abc' } });
    const bad = interpretFaceOperation(
      reading({ status: 'failed', createdTime: 'x', message: 'target modified' }, 'Failed', 'failed'),
    );
    expect(bad).toMatchObject({ status: 'Failed', error: { message: 'target modified' } });
  });
});

describe('interpretEndpointTransition', () => {
  const operation = (status: string, mapped: MappedStatus['status']) =>
    reading({ id: 'op-1', status }, mapped, status);

  it('reports a finished suspend with the endpoint status in the result', () => {
    const outcome = interpretEndpointTransition(
      'suspend',
      operation('Succeeded', 'Succeeded'),
      endpoint('Disabled'),
    );
    expect(outcome).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
  });

  it('treats a resume whose operation succeeded but left the endpoint Disabled as a failure', () => {
    const outcome = interpretEndpointTransition(
      'resume',
      operation('Succeeded', 'Succeeded'),
      endpoint('Disabled'),
    );
    expect(outcome).toMatchObject({ status: 'Failed', error: { code: 'OperationFailed' } });
  });

  it('keeps waiting while the endpoint is still moving', () => {
    expect(interpretEndpointTransition('suspend', operation('Running', 'Running'), undefined)).toMatchObject({
      kind: 'running',
    });
    expect(
      interpretEndpointTransition('suspend', operation('Succeeded', 'Succeeded'), endpoint('Disabling')),
    ).toMatchObject({ kind: 'running', upstreamStatus: 'Disabling' });
  });
});

describe('interpretEndpointCheck', () => {
  it('is done for settled endpoints and running for moving ones', () => {
    for (const settled of ['Succeeded', 'Disabled', 'Failed', 'NotStarted']) {
      expect(interpretEndpointCheck(endpoint(settled))).toMatchObject({
        kind: 'terminal',
        status: 'Succeeded',
      });
    }
    for (const moving of ['Running', 'Disabling']) {
      expect(interpretEndpointCheck(endpoint(moving))).toMatchObject({
        kind: 'running',
        upstreamStatus: moving,
      });
    }
  });
});
