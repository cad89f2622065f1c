import type {
  PipelineResponse,
  RestError,
  RetryInformation,
  RetryModifiers,
  RetryStrategy,
} from '@azure/core-rest-pipeline';
import { backoffDelayInMs } from '../shared/backoff.js';
import { parseRetryAfterInMs } from '../shared/retry-after.js';
import { isRetryableStatus } from '../shared/retryable-status.js';

/**
 * When to retry a call inline, and how long to wait first. Plugged into the library's `retryPolicy`, which
 * owns the loop, the retry count and the (abortable) waiting.
 *
 * The executor runs inside a Function and must not sleep long there: a wait longer than
 * `maxInlineRetryDelayInMs` is not taken, and a 429 is never retried here (see below). The strategy then
 * steps aside, the last answer goes back to the client, and the client turns it into an `AiServiceError`
 * with `retryAfterInMs` so the caller can reschedule the work instead.
 */
export interface InlineRetryOptions {
  /** Longest wait taken inside one call; a service asking for more ends the call. */
  maxInlineRetryDelayInMs: number;
  /** First backoff step when a 5xx names no wait. */
  baseDelayInMs?: number;
  /** Injected for tests; `Math.random` otherwise. */
  random?: () => number;
  /** Injected for tests; the system clock otherwise. */
  now?: () => Date;
}

const DEFAULT_BASE_DELAY_IN_MS = 500;

/** A transport failure (no answer at all): connection refused or reset, DNS, a broken socket. */
function isNetworkFailure(error: RestError | undefined): boolean {
  return error !== undefined && error.response === undefined && error.code !== 'PARSE_ERROR';
}

/** The decision for one attempt; exported so the rule can be tested without a pipeline. */
export function decideInlineRetry(info: RetryInformation, options: InlineRetryOptions): RetryModifiers {
  const response: PipelineResponse | undefined = info.response ?? info.responseError?.response;
  const base = options.baseDelayInMs ?? DEFAULT_BASE_DELAY_IN_MS;
  const ceiling = options.maxInlineRetryDelayInMs;
  if (response) {
    if (!isRetryableStatus(response.status)) return { skipStrategy: true };
    // A 429 is the resource's limit, not this call's bad luck: it holds back every call to the resource
    // (request-budget.ts) and the engine reschedules the step; waiting here would only keep the worker.
    if (response.status === 429) return { skipStrategy: true };
    const askedInMs = parseRetryAfterInMs(response.headers, options.now?.() ?? new Date());
    if (askedInMs === undefined) {
      return { retryAfterInMs: backoffDelayInMs(info.retryCount, base, ceiling, options.random) };
    }
    // Too long to wait here: hand the answer back so the caller reschedules.
    if (askedInMs > ceiling) return { skipStrategy: true };
    return { retryAfterInMs: askedInMs };
  }
  if (isNetworkFailure(info.responseError)) {
    return { retryAfterInMs: backoffDelayInMs(info.retryCount, base, ceiling, options.random) };
  }
  return { skipStrategy: true };
}

export function inlineRetryStrategy(options: InlineRetryOptions): RetryStrategy {
  return {
    name: 'cognitiveOpsInlineRetry',
    retry: (info) => decideInlineRetry(info, options),
  };
}
