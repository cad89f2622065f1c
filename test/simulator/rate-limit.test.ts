import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { RateLimiter, retryAfterSecondsOf } from '../../src/simulator/rate-limit.js';
import { useSimulator } from '../harness/simulator.js';
import { call, cv, errorCodeOf, facePath } from './http.js';

const sim = useSimulator();

async function rateLimitBody(): Promise<unknown> {
  return (await fetch(`${sim.url()}/_simulator/rate-limit`)).json();
}

describe('the rate limiter (pure, on a given clock)', () => {
  it('admits a second of requests at once, then requestsPerSecond per second, and says when the next fits', () => {
    const limiter = new RateLimiter();
    limiter.set({ requestsPerSecond: 20 }, 0);
    const admittedAt = (nowMs: number, tries: number) =>
      Array.from({ length: tries }, () => limiter.take(nowMs)).filter((d) => d.allowed).length;
    expect(admittedAt(0, 50)).toBe(20);
    const refused = limiter.take(0);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 50 });
    // Over the next ten seconds, offered 100 a second, it lets 20 a second through.
    let admitted = 0;
    for (let ms = 10; ms <= 10_000; ms += 10) admitted += admittedAt(ms, 1);
    expect(admitted).toBe(200);
  });

  it('keeps at least one request in the bucket below one per second, and refused requests spend nothing', () => {
    const limiter = new RateLimiter();
    limiter.set({ requestsPerSecond: 0.5 }, 0);
    expect(limiter.take(0).allowed).toBe(true);
    expect(limiter.take(1_000)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(limiter.take(1_999).allowed).toBe(false);
    expect(limiter.take(2_000).allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds, never below one', () => {
    expect([1, 999, 1000, 1001, 2500].map(retryAfterSecondsOf)).toEqual([1, 1, 1, 2, 3]);
  });
});

describe('PUT /_simulator/rate-limit', () => {
  it('answers 429 in the service error shape with Retry-After beyond the limit, logs it, and DELETE lifts it', async () => {
    const id = randomUUID();
    await sim.admin().putEndpoint(id);
    // One request per 100 s: the first passes, every other one in this test is beyond the limit.
    await sim.admin().setRateLimit({ requestsPerSecond: 0.01 });
    expect(await rateLimitBody()).toEqual({ requestsPerSecond: 0.01 });
    await sim.admin().clearRequests();

    expect((await call(sim.url(), cv.endpoint(id))).status).toBe(200);
    const throttled = [
      await call(sim.url(), cv.action(id, 'suspend'), { method: 'POST' }),
      await call(sim.url(), facePath(SEED.faceOperationId)),
      await call(sim.url(), cv.endpoint(id), { headers: { 'Ocp-Apim-Subscription-Key': 'wrong' } }),
    ];
    for (const answer of throttled) {
      expect(answer.status).toBe(429);
      expect(errorCodeOf(answer)).toBe('TooManyRequests');
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 100).toBe(true);
    }
    // The throttled suspend did nothing.
    expect((await sim.admin().requests()).map((r) => r.status)).toEqual([200, 429, 429, 429]);

    // Admin calls are never limited, and lifting the limit lets service calls through at once.
    await sim.admin().clearRateLimit();
    expect(await rateLimitBody()).toEqual({ requestsPerSecond: null });
    expect((await call<{ status: string }>(sim.url(), cv.endpoint(id))).body.status).toBe('Succeeded');
    expect((await call(sim.url(), cv.action(id, 'suspend'), { method: 'POST' })).status).toBe(202);
  });

  it('is forgotten by POST /_simulator/reset', async () => {
    await sim.admin().setRateLimit({ requestsPerSecond: 0.01 });
    await sim.admin().reset();
    expect(await rateLimitBody()).toEqual({ requestsPerSecond: null });
    for (let i = 0; i < 3; i++)
      expect((await call(sim.url(), cv.endpoint(SEED.endpointId))).status).toBe(200);
  });

  it.each([
    [{}],
    [{ requestsPerSecond: 0 }],
    [{ requestsPerSecond: -1 }],
    [{ requestsPerSecond: '5' }],
    [{ requestsPerSecond: 5, burst: 9 }],
  ])('refuses %j with 400 and keeps the previous limit', async (body) => {
    await sim.admin().clearRateLimit();
    const response = await fetch(`${sim.url()}/_simulator/rate-limit`, {
      method: 'PUT',
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    errorCodeOf({ status: response.status, headers: response.headers, body: await response.json() });
    expect(await rateLimitBody()).toEqual({ requestsPerSecond: null });
  });
});
