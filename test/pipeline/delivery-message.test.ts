import { describe, expect, it } from 'vitest';
import type { EventWebhook } from '../../src/config/core-settings.js';
import type { OperationEvent } from '../../src/domain/operation-event.js';
import { safeToShow } from '../../src/pipeline/dead-letter-view.js';
import {
  DELIVERY_RETRY_POLICY,
  afterFailedTry,
  fanOut,
  findSubscriber,
  parseDeliveryMessage,
  retryMessageId,
} from '../../src/pipeline/delivery-message.js';

const event = {
  specversion: '1.0',
  id: 'evt-1',
  source: '/cognitive-ops/operations',
  type: 'CognitiveOps.Operation.Failed',
  subject: 'op-1',
  time: '2026-01-01T00:00:00Z',
  datacontenttype: 'application/json',
  data: { id: 'op-1', target: { kind: 'face-operation' } },
} as unknown as OperationEvent;

const webhooks: EventWebhook[] = [
  { url: 'https://a.example/hook?token=t1', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  { url: 'https://b.example/only-succeeded', types: ['CognitiveOps.Operation.Succeeded'] },
  { url: 'https://c.example/all' },
];
const NOW = new Date('2026-01-01T00:00:00Z');

describe('fan-out', () => {
  it('makes one delivery per matching subscriber, naming it without its URL or secret', () => {
    const queued = fanOut(event, webhooks);
    expect(queued.map((q) => q.delivery.subscriber.host)).toEqual(['a.example', 'c.example']);
    expect(queued.map((q) => q.attempt)).toEqual([1, 1]);
    const text = JSON.stringify(queued);
    expect(text).not.toContain('token=t1');
    expect(text).not.toContain('whsec_');
    // Ids differ per subscriber and are the same when the same event is fanned out again.
    expect(new Set(queued.map((q) => q.messageId)).size).toBe(2);
    expect(fanOut(event, webhooks).map((q) => q.messageId)).toEqual(queued.map((q) => q.messageId));
  });

  it('finds the subscriber by URL hash, even after EVENT_WEBHOOKS was reordered, and not once removed', () => {
    const [first] = fanOut(event, webhooks);
    const ref = first!.delivery.subscriber;
    expect(findSubscriber(webhooks, ref)).toBe(webhooks[0]);
    expect(findSubscriber([webhooks[2]!, webhooks[0]!], ref)).toBe(webhooks[0]);
    expect(findSubscriber([webhooks[2]!], ref)).toBeUndefined();
  });

  it('reads a delivery from the forms a trigger hands over, and refuses what is not one', () => {
    const [first] = fanOut(event, webhooks);
    const json = JSON.stringify(first!.delivery);
    expect(parseDeliveryMessage(json)).toEqual(first!.delivery);
    expect(parseDeliveryMessage(Buffer.from(json))).toEqual(first!.delivery);
    expect(() => parseDeliveryMessage({ hello: 1 })).toThrow(/not a webhook delivery/);
    expect(() => parseDeliveryMessage('{')).toThrow(/not JSON/);
  });
});

describe('after a failed try', () => {
  it('retries a passing failure after Retry-After, capped by the policy', () => {
    expect(afterFailedTry({ status: 503, retryAfter: '7', description: 'd' }, 1, 8, NOW)).toEqual({
      kind: 'retry',
      attempt: 2,
      delayInMs: 7_000,
    });
    const capped = afterFailedTry({ status: 429, retryAfter: '86400', description: 'd' }, 1, 8, NOW);
    expect(capped).toMatchObject({ kind: 'retry', delayInMs: DELIVERY_RETRY_POLICY.maxRetryAfterInMs });
  });

  it('backs off, growing with the attempt, when the subscriber names no wait (network errors too)', () => {
    const half = () => 0.5;
    const first = afterFailedTry({ description: 'd' }, 1, 8, NOW, half);
    const third = afterFailedTry({ status: 500, description: 'd' }, 3, 8, NOW, half);
    expect(first).toMatchObject({ kind: 'retry', attempt: 2 });
    expect(third).toMatchObject({ kind: 'retry', attempt: 4 });
    const delay = (outcome: ReturnType<typeof afterFailedTry>) =>
      outcome.kind === 'retry' ? outcome.delayInMs : Number.NaN;
    expect(delay(first)).toBeGreaterThanOrEqual(DELIVERY_RETRY_POLICY.baseDelayInMs / 2);
    expect(delay(third)).toBeGreaterThan(delay(first));
    expect(delay(third)).toBeLessThanOrEqual(DELIVERY_RETRY_POLICY.maxDelayInMs);
  });

  it('dead-letters DeliveryFailed after the last attempt, and DeliveryRefused at once on a refusal', () => {
    expect(afterFailedTry({ status: 503, description: 'HTTP 503.' }, 8, 8, NOW)).toEqual({
      kind: 'dead-letter',
      reason: 'DeliveryFailed',
      description: 'HTTP 503. Gave up after 8 attempts.',
    });
    for (const status of [400, 404, 410, 501]) {
      expect(afterFailedTry({ status, description: 'x' }, 1, 8, NOW)).toMatchObject({
        kind: 'dead-letter',
        reason: 'DeliveryRefused',
      });
    }
  });

  it('derives retry ids from the message being retried, so a replayed delivery gets ids of its own', () => {
    expect(retryMessageId('evt-1:abc', 2)).toBe('evt-1:abc:attempt-2');
    expect(retryMessageId('evt-1:abc:attempt-2', 3)).toBe('evt-1:abc:attempt-3');
    expect(retryMessageId('evt-1:abc:attempt-8~replay-12', 2)).toBe(
      'evt-1:abc:attempt-8~replay-12:attempt-2',
    );
  });
});

describe('a dead letter as the listing shows it', () => {
  it('keeps only the origin of URLs and leaves out secret-looking fields, at any depth', () => {
    expect(
      safeToShow({
        id: 'c1',
        requestedBy: { replyTo: { kind: 'slack', responseUrl: 'https://hooks.slack.com/commands/T/x?y=1' } },
        list: [{ callbackUrl: 'https://cb.example/p/secret', apiKey: 'k', token: 't' }],
        signingSecret: 's',
        bytes: Buffer.from('abc'),
      }),
    ).toEqual({
      id: 'c1',
      requestedBy: { replyTo: { kind: 'slack', responseUrl: 'https://hooks.slack.com/…' } },
      list: [{ callbackUrl: 'https://cb.example/…' }],
      bytes: { bytes: 3 },
    });
  });
});
