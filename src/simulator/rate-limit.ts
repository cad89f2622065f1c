/**
 * The simulator's rate limit (`PUT /_simulator/rate-limit`): a token bucket in front of every service
 * route, as the Azure AI services' gateway throttles a resource before any route looks at a request.
 * The bucket holds one second's worth of requests (at least one), refills continuously, and a refused
 * request spends nothing. Real seconds, never time-scaled: a limit is about load, not simulated work.
 */

export interface RateLimitSettings {
  requestsPerSecond: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  requestsPerSecond: number;
  capacity: number;
  tokens: number;
  refilledAtMs: number;
}

export class RateLimiter {
  private bucket: Bucket | undefined;

  /** Starts (or replaces) the limit with a full bucket. */
  set(settings: RateLimitSettings, nowMs: number): void {
    const capacity = Math.max(1, settings.requestsPerSecond);
    this.bucket = {
      requestsPerSecond: settings.requestsPerSecond,
      capacity,
      tokens: capacity,
      refilledAtMs: nowMs,
    };
  }

  clear(): void {
    this.bucket = undefined;
  }

  current(): RateLimitSettings | undefined {
    return this.bucket ? { requestsPerSecond: this.bucket.requestsPerSecond } : undefined;
  }

  /** Spends one request of the budget if there is one; otherwise says how long until there is. */
  take(nowMs: number): RateDecision {
    const bucket = this.bucket;
    if (!bucket) return { allowed: true };
    const elapsedMs = Math.max(0, nowMs - bucket.refilledAtMs);
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (elapsedMs * bucket.requestsPerSecond) / 1000);
    bucket.refilledAtMs = Math.max(bucket.refilledAtMs, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / bucket.requestsPerSecond),
    };
  }
}

/** `Retry-After` is whole seconds (RFC 9110 delta-seconds): rounded up, so a client that obeys it is let in. */
export function retryAfterSecondsOf(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
