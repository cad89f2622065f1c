import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { decideInlineRetry } from '../../src/clients/retry-strategy.js';

const now = new Date('2026-03-01T10:00:00.000Z');
const options = { maxInlineRetryDelayInMs: 2000, baseDelayInMs: 500, now: () => now, random: () => 0.5 };

function response(status: number, headers: Record<string, string> = {}): PipelineResponse {
  return {
    status,
    headers: createHttpHeaders(headers),
    request: createPipelineRequest({ url: 'http://127.0.0.1/x' }),
  };
}

describe('decideInlineRetry', () => {
  it('waits what the service asked when it is short enough', () => {
    expect(
      decideInlineRetry({ retryCount: 0, response: response(503, { 'Retry-After': '1' }) }, options),
    ).toEqual({
      retryAfterInMs: 1000,
    });
  });

  it('never retries a 429 inline: the hold-back of the whole resource decides when anything goes next', () => {
    for (const headers of [{ 'Retry-After': '1' }, {}] as Array<Record<string, string>>) {
      expect(decideInlineRetry({ retryCount: 0, response: response(429, headers) }, options)).toEqual({
        skipStrategy: true,
      });
    }
  });

  it('does not wait inline when the service asks for more than the inline limit', () => {
    const decision = decideInlineRetry(
      { retryCount: 0, response: response(503, { 'Retry-After': '3' }) },
      options,
    );
    expect(decision.retryAfterInMs).toBeUndefined();
    expect(decision.skipStrategy).toBe(true);
  });

  it('backs off exponentially when a 5xx names no wait', () => {
    const first = decideInlineRetry({ retryCount: 0, response: response(503) }, options).retryAfterInMs;
    const second = decideInlineRetry({ retryCount: 1, response: response(500) }, options).retryAfterInMs;
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first!);
    expect(second).toBeLessThanOrEqual(options.maxInlineRetryDelayInMs);
  });

  it('retries a network failure but not a client error', () => {
    const networkError = new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED' });
    expect(
      decideInlineRetry({ retryCount: 0, responseError: networkError }, options).retryAfterInMs,
    ).toBeDefined();
    for (const status of [400, 401, 403, 404, 409, 501]) {
      expect(decideInlineRetry({ retryCount: 0, response: response(status) }, options).skipStrategy).toBe(
        true,
      );
    }
  });
});
