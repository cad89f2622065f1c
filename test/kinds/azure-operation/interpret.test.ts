import { describe, expect, it } from 'vitest';
import { AiServiceError } from '../../../src/clients/errors.js';
import { interpretStatusMonitor } from '../../../src/kinds/azure-operation/interpret.js';
import { statusMonitorBodySchema } from '../../../src/kinds/azure-operation/schemas.js';
import { mapAzureOperationStatus } from '../../../src/kinds/azure-operation/statuses.js';
import { analyzeOperationBody } from '../../../src/simulator/document-intelligence/model.js';
import { textJobBody } from '../../../src/simulator/text-analysis/model.js';
import { translationStatusBody } from '../../../src/simulator/translator/model.js';

const NOW = new Date('2026-12-01T12:00:00Z');
/** The client's two steps (schema, status word) and then the interpretation, as a poll does them. */
const read = (raw: unknown, retryAfterInMs?: number) => {
  const body = statusMonitorBodySchema.parse(raw);
  return interpretStatusMonitor(
    {
      body,
      mapped: mapAzureOperationStatus(body.status),
      ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}),
    },
    NOW,
  );
};

describe('interpretStatusMonitor', () => {
  it('keeps polling while the operation is on its way, with the service Retry-After', () => {
    expect(read({ status: 'notStarted' }, 2000)).toEqual({
      kind: 'running',
      upstreamStatus: 'notStarted',
      retryAfterInMs: 2000,
    });
    expect(read({ status: 'Cancelling' })).toEqual({ kind: 'running', upstreamStatus: 'Cancelling' });
  });

  it('succeeds with the service final status and its resourceLocation (Azure Core)', () => {
    expect(read({ id: 'op1', status: 'Succeeded', resourceLocation: 'https://r.example/models/m1' })).toEqual(
      {
        kind: 'terminal',
        status: 'Succeeded',
        upstreamStatus: 'Succeeded',
        result: { status: 'Succeeded', resourceLocation: 'https://r.example/models/m1' },
      },
    );
  });

  it('fails with the service error code and keeps the service error in the result (Document Intelligence)', () => {
    const error = {
      code: 'InvalidRequest',
      message: 'Invalid request.',
      innererror: { code: 'InvalidContent' },
    };
    const outcome = read({ status: 'failed', createdDateTime: 'x', error });
    expect(outcome).toEqual({
      kind: 'terminal',
      status: 'Failed',
      upstreamStatus: 'failed',
      result: { status: 'failed', error: { code: 'InvalidRequest', message: 'Invalid request.' } },
      error: {
        code: 'InvalidRequest',
        message: 'Invalid request.',
        details: [{ code: 'InvalidRequest', message: 'Invalid request.' }],
      },
    });
  });

  it('names ValidationFailed and partiallyCompleted failures by their word', () => {
    const validation = read({
      status: 'ValidationFailed',
      error: {
        code: 'InvalidRequest',
        message: 'Cannot access source document location.',
        target: 'Operation',
      },
    });
    const partial = read({
      status: 'partiallyCompleted',
      errors: [{ code: 'InvalidArgument', message: 'Task 2 failed.' }],
    });
    expect(validation).toMatchObject({
      status: 'Failed',
      error: { code: 'ValidationFailed', message: 'Cannot access source document location.' },
      result: { status: 'ValidationFailed', error: { code: 'InvalidRequest', target: 'Operation' } },
    });
    expect(partial).toMatchObject({
      status: 'Failed',
      error: {
        code: 'PartiallyCompleted',
        details: [{ code: 'InvalidArgument', message: 'Task 2 failed.' }],
      },
    });
  });

  it('fails with OperationFailed when the service gives no error', () => {
    expect(read({ status: 'Failed' })).toMatchObject({
      status: 'Failed',
      error: { code: 'OperationFailed' },
      result: { status: 'Failed' },
    });
  });

  it('ends a job still running past its expirationDateTime as Expired', () => {
    const expired = read({ status: 'running', expirationDateTime: '2026-12-01T11:59:59Z' });
    const notYet = read({ status: 'running', expirationDateTime: '2026-12-01T12:00:01Z' });
    expect(expired).toMatchObject({ kind: 'terminal', status: 'Failed', error: { code: 'Expired' } });
    expect(notYet.kind).toBe('running');
  });

  it('cancels with the service word kept, Cancelled and canceled alike', () => {
    for (const word of ['Cancelled', 'canceled', 'cancelled']) {
      expect(read({ status: word })).toEqual({
        kind: 'terminal',
        status: 'Canceled',
        upstreamStatus: word,
        result: { status: word },
      });
    }
  });

  it('ignores malformed optional fields instead of failing the read, and refuses unknown words', () => {
    expect(read({ status: 'succeeded', error: 'oops', resourceLocation: 42 })).toMatchObject({
      status: 'Succeeded',
      result: { status: 'succeeded' },
    });
    expect(() => read({ status: 'skipped' })).toThrow(AiServiceError);
    expect(statusMonitorBodySchema.safeParse({ state: 'running' }).success).toBe(false);
  });

  it('reads every terminal body the simulator serves for the three services into the matching outcome', () => {
    const at = (status: string) => [{ status, atMs: 0 }] as const;
    const analyze = (status: 'succeeded' | 'failed' | 'canceled') =>
      analyzeOperationBody(
        {
          resultId: 'r',
          modelId: 'prebuilt-read',
          createdAtMs: 0,
          timeline: at(status) as never,
          stringIndexType: 'textElements',
          contentFormat: 'text',
        },
        1,
      );
    const batch = (status: string) =>
      translationStatusBody({ id: 'b', createdAtMs: 0, documents: 2, timeline: at(status) as never }, 1);
    const job = (status: string) =>
      textJobBody(
        {
          jobId: 'j',
          createdAtMs: 0,
          expiresAtMs: NOW.getTime() + 1000,
          tasks: [{ kind: 'EntityRecognition' }, { kind: 'Healthcare' }],
          timeline: at(status) as never,
        },
        1,
      );
    const statuses = [
      analyze('succeeded'),
      analyze('failed'),
      analyze('canceled'),
      batch('Succeeded'),
      batch('Failed'),
      batch('ValidationFailed'),
      batch('Cancelled'),
      job('succeeded'),
      job('partiallyCompleted'),
      job('failed'),
      job('cancelled'),
    ].map((body) => {
      const outcome = read(body);
      return outcome.kind === 'terminal' ? [outcome.status, outcome.error?.code] : [outcome.kind];
    });
    expect(statuses).toEqual([
      ['Succeeded', undefined],
      ['Failed', 'InvalidRequest'],
      ['Canceled', undefined],
      ['Succeeded', undefined],
      ['Failed', 'InternalServerError'],
      ['Failed', 'ValidationFailed'],
      ['Canceled', undefined],
      ['Succeeded', undefined],
      ['Failed', 'PartiallyCompleted'],
      ['Failed', 'InternalServerError'],
      ['Canceled', undefined],
    ]);
  });
});
