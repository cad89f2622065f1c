import { describe, expect, it } from 'vitest';
import { completionText } from '../../src/chatops/messages.js';
import type { OperationResource } from '../../src/domain/operation.js';

const base: OperationResource = {
  id: 'op-1',
  status: 'Succeeded',
  action: 'suspend',
  target: {
    kind: 'customvoice-endpoint',
    resource: 'simulator',
    endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
  },
  createdDateTime: '2026-06-01T17:00:00.000Z',
  lastActionDateTime: '2026-06-01T17:00:05.000Z',
};

describe('completionText', () => {
  it('says what became of the endpoint, by its alias', () => {
    expect(completionText(base, 'jessica')).toBe('jessica is suspended');
    expect(completionText({ ...base, action: 'resume' }, 'jessica')).toBe('jessica is resumed');
    expect(
      completionText({ ...base, action: 'status-check', result: { endpointStatus: 'Disabled' } }, 'jessica'),
    ).toBe('jessica is suspended');
    expect(
      completionText({ ...base, action: 'status-check', result: { endpointStatus: 'Succeeded' } }, 'jessica'),
    ).toBe('jessica is running');
  });

  it('names the endpoint by id when no alias points at it', () => {
    expect(completionText(base)).toBe('endpoint 9f50c644-2121-40e9-9ea7-544e48bfe3cb is suspended');
  });

  it('tells failures, expiry and cancellation apart', () => {
    const failed = {
      ...base,
      status: 'Failed' as const,
      error: { code: 'OperationFailed', message: 'Quota.' },
    };
    expect(completionText(failed, 'jessica')).toBe('suspend of jessica failed: Quota.');
    const expired = { ...failed, error: { code: 'Expired', message: 'Too slow.' } };
    expect(completionText(expired, 'jessica')).toBe('suspend of jessica expired: Too slow.');
    expect(completionText({ ...base, status: 'Canceled' }, 'jessica')).toBe(
      'suspend of jessica was canceled',
    );
  });
});
