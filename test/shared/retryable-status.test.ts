import { describe, expect, it } from 'vitest';
import { isRetryableStatus } from '../../src/shared/retryable-status.js';

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx, but not 501 and 505, which never change', () => {
    expect([408, 429, 500, 502, 503, 504, 507, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 409, 410, 422, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});
