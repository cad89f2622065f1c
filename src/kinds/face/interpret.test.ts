import { describe, expect, it } from 'vitest';
import type { MappedStatus, StatusReading } from '../../clients/types.js';
import { interpretFaceOperation } from './interpret.js';

function reading<T>(body: T, status: MappedStatus['status'], upstreamStatus: string): StatusReading<T> {
  return { body, mapped: { status, upstreamStatus } };
}

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
