import { describe, expect, it } from 'vitest';
import { replacedByNewer } from '../../src/schedules/override-replacement.js';
import type { ScheduleOverride } from '../../src/schedules/schedule-store.js';

const now = new Date('2025-01-15T17:00:00Z');
const A = { resource: 'speech-we', endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb' };
const B = { resource: 'speech-we', endpointId: '0b0c8b5e-7f06-4c1e-9a55-3b8e2f1d6a10' };

function override(
  id: string,
  targets: ScheduleOverride['targets'],
  until = '2025-01-15T22:00:00Z',
): ScheduleOverride {
  return { id, targets, hold: 'running', createdDateTime: '2025-01-15T16:00:00Z', until };
}

describe('replacedByNewer', () => {
  it('ends an older override on the same endpoint now', () => {
    const { changed } = replacedByNewer([override('old', [A])], override('new', [A]), now);
    expect(changed).toEqual([{ ...override('old', [A]), until: now.toISOString() }]);
  });

  it('keeps an older override on its other endpoints only', () => {
    const { changed } = replacedByNewer([override('old', [A, B])], override('new', [A]), now);
    expect(changed).toEqual([override('old', [B])]);
  });

  it('leaves overrides on other endpoints, ended ones and the newer itself alone', () => {
    const existing = [
      override('other', [B]),
      override('over', [A], '2025-01-15T16:30:00Z'),
      override('new', [A]),
    ];
    expect(replacedByNewer(existing, override('new', [A]), now).changed).toEqual([]);
  });

  it('matches endpoint ids whatever their case', () => {
    const upper = { ...A, endpointId: A.endpointId.toUpperCase() };
    expect(replacedByNewer([override('old', [upper])], override('new', [A]), now).changed).toHaveLength(1);
  });
});
