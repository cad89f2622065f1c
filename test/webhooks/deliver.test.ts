import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookDeliveryError, deliverWebhook } from '../../src/webhooks/deliver.js';
import { verifyStandardWebhook } from '../../src/webhooks/standard-webhooks.js';
import { WebhookUrlNotAllowedError, type WebhookUrlPolicy } from '../../src/webhooks/url-policy.js';
import { Receiver } from '../chatops/support/receiver.js';

const SECRET = `whsec_${Buffer.from('delivery test key, 32 bytes long').toString('base64')}`;
const FAST = { baseDelayInMs: 5, maxDelayInMs: 20, maxRetryAfterInMs: 50, timeoutInMs: 2_000 };
/** The receiver listens on plain http on 127.0.0.1, as local receivers do outside Azure. */
const LOCAL: WebhookUrlPolicy = { allowLoopbackHttp: true };

const receiver = new Receiver();
beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => receiver.reset());

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the delivery to fail');
}

describe('deliverWebhook', () => {
  it('POSTs the body with its content type and extra headers', async () => {
    const result = await deliverWebhook(
      {
        url: `${receiver.url}/hook`,
        body: '{"x":1}',
        contentType: 'application/json',
        headers: { 'x-extra': 'yes' },
      },
      LOCAL,
      FAST,
    );
    expect(result).toEqual({ status: 200, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.body).toBe('{"x":1}');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-extra']).toBe('yes');
  });

  it('with one attempt, tries once and hands the caller the status and Retry-After of the receiver', async () => {
    receiver.respondWith({ status: 503, headers: { 'retry-after': '7' } });
    const error = await failureOf(
      deliverWebhook({ url: receiver.url, body: 'b', contentType: 'text/plain' }, LOCAL, {
        ...FAST,
        maxAttempts: 1,
      }),
    );
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    expect(error).toMatchObject({ attempts: 1, status: 503, retryAfter: '7' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries on 503 and 429 (honouring a capped Retry-After), then succeeds', async () => {
    // An hour's Retry-After is capped at maxRetryAfterInMs (the cap itself: retry-schedule.test.ts).
    receiver.respondWith({ status: 503 }, { status: 429, headers: { 'retry-after': '3600' } });
    const result = await deliverWebhook(
      { url: receiver.url, body: 'b', contentType: 'text/plain' },
      LOCAL,
      FAST,
    );
    expect(result).toEqual({ status: 200, attempts: 3 });
    expect(receiver.requests.map((r) => r.body)).toEqual(['b', 'b', 'b']);
  });

  it('gives up after maxAttempts with an error naming the host and the last status', async () => {
    receiver.respondWith({ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 });
    const error = await failureOf(
      deliverWebhook(
        { url: `${receiver.url}/path?token=very-secret-query`, body: 'b', contentType: 'text/plain' },
        LOCAL,
        { ...FAST, maxAttempts: 3 },
      ),
    );
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    const failure = error as WebhookDeliveryError;
    expect(failure.status).toBe(503);
    expect(failure.attempts).toBe(3);
    expect(failure.message).toContain(new URL(receiver.url).host);
    expect(failure.message).not.toContain('very-secret-query');
    expect(failure.message).not.toContain('/path');
    expect(receiver.requests).toHaveLength(3);
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    receiver.respondWith({ status: 404 });
    const error = await failureOf(
      deliverWebhook({ url: receiver.url, body: 'b', contentType: 'text/plain' }, LOCAL, FAST),
    );
    expect((error as WebhookDeliveryError).status).toBe(404);
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries when nothing listens, then reports a network error', async () => {
    const gone = new Receiver();
    await gone.start();
    const url = gone.url;
    await gone.close();
    const error = await failureOf(
      deliverWebhook({ url, body: 'b', contentType: 'text/plain' }, LOCAL, { ...FAST, maxAttempts: 2 }),
    );
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    expect((error as WebhookDeliveryError).status).toBeUndefined();
    expect((error as WebhookDeliveryError).attempts).toBe(2);
  });

  it('gives up on an attempt that exceeds the timeout and tries again', async () => {
    // Only the first attempt hangs (far past the timeout); the second is answered at once.
    receiver.respondWith({ status: 200, delayInMs: 10_000 });
    const result = await deliverWebhook({ url: receiver.url, body: 'b', contentType: 'text/plain' }, LOCAL, {
      ...FAST,
      timeoutInMs: 2_000,
    });
    expect(result).toEqual({ status: 200, attempts: 2 });
    expect(receiver.requests).toHaveLength(2);
  });

  it('signs every attempt so the receiver can verify it: same id, a fresh timestamp', async () => {
    receiver.respondWith({ status: 503 });
    let nowInMs = Date.parse('2026-05-04T10:00:00Z');
    const clock = {
      now: () => {
        nowInMs += 30_000;
        return new Date(nowInMs);
      },
    };
    const body = JSON.stringify({ specversion: '1.0', id: 'evt-42' });
    await deliverWebhook(
      {
        url: receiver.url,
        body,
        contentType: 'application/cloudevents+json',
        signing: { secret: SECRET, id: 'evt-42' },
      },
      LOCAL,
      { ...FAST, clock },
    );
    expect(receiver.requests).toHaveLength(2);
    const timestamps = receiver.requests.map((request) => {
      const headers = request.headers as Record<string, string>;
      const verified = verifyStandardWebhook({
        secret: SECRET,
        headers,
        rawBody: request.body,
        now: new Date(Number(headers['webhook-timestamp']) * 1000),
      });
      expect(verified.id).toBe('evt-42');
      return headers['webhook-timestamp'];
    });
    expect(timestamps[0]).not.toBe(timestamps[1]);
  });

  it('refuses plain http to anything but loopback, before sending', async () => {
    for (const url of ['http://example.com/hook', 'http://10.0.0.5/hook', 'ftp://127.0.0.1/x']) {
      await expect(
        deliverWebhook({ url, body: 'b', contentType: 'text/plain' }, LOCAL, FAST),
      ).rejects.toBeInstanceOf(WebhookUrlNotAllowedError);
    }
    const localhost = receiver.url.replace('127.0.0.1', 'localhost');
    await expect(
      deliverWebhook({ url: localhost, body: 'b', contentType: 'text/plain' }, LOCAL, FAST),
    ).resolves.toEqual({
      status: 200,
      attempts: 1,
    });
  });

  it('refuses plain http even to loopback where the policy forbids it (in Azure)', async () => {
    await expect(
      deliverWebhook(
        { url: receiver.url, body: 'b', contentType: 'text/plain' },
        { allowLoopbackHttp: false },
        FAST,
      ),
    ).rejects.toBeInstanceOf(WebhookUrlNotAllowedError);
    expect(receiver.requests).toEqual([]);
  });
});
