import { describe, expect, it } from 'vitest';
import { deterministicId, newId } from '../../src/shared/ids.js';

const UPSTREAM_OPERATION_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministicId', () => {
  it('gives the same id for the same parts and a different one when any part differs', () => {
    const id = deterministicId('schedule', 'nightly', 'suspend', '2026-11-21T18:00:00.000Z');
    expect(deterministicId('schedule', 'nightly', 'suspend', '2026-11-21T18:00:00.000Z')).toBe(id);
    expect(deterministicId('schedule', 'nightly', 'resume', '2026-11-21T18:00:00.000Z')).not.toBe(id);
    // Parts are delimited, so moving a boundary changes the id.
    expect(deterministicId('ab', 'c')).not.toBe(deterministicId('a', 'bc'));
  });

  it('is a version 5 UUID that the AI services accept as an Operation-Id', () => {
    const id = deterministicId('x');
    expect(id).toMatch(UUID_V5);
    expect(id).toMatch(UPSTREAM_OPERATION_ID);
    expect(newId()).toMatch(UPSTREAM_OPERATION_ID);
  });
});
