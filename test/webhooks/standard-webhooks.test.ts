import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  InvalidWebhookSecretError,
  signStandardWebhook,
  verifyStandardWebhook,
} from '../../src/webhooks/standard-webhooks.js';
import { WebhookVerificationError } from '../../src/webhooks/verification-error.js';

// The test vector of the Standard Webhooks specification (and of its reference libraries).
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestampInSeconds: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const SPEC_TIME = new Date(SPEC.timestampInSeconds * 1000);
const SPEC_HEADERS = {
  'webhook-id': SPEC.id,
  'webhook-timestamp': String(SPEC.timestampInSeconds),
  'webhook-signature': SPEC.signature,
};

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return 'verified';
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('signStandardWebhook', () => {
  it("produces the specification's signature for its example", () => {
    expect(
      signStandardWebhook({ secret: SPEC.secret, id: SPEC.id, timestamp: SPEC_TIME, body: SPEC.body }),
    ).toEqual(SPEC_HEADERS);
  });

  it('agrees with an HMAC computed directly with node:crypto', () => {
    const secret = `whsec_${Buffer.from('another key of thirty-two bytes!').toString('base64')}`;
    const at = new Date('2026-03-01T08:00:00.000Z');
    const headers = signStandardWebhook({ secret, id: 'evt-1', timestamp: at, body: '{"a":1}' });
    const expected = createHmac('sha256', Buffer.from('another key of thirty-two bytes!'))
      .update(`evt-1.${at.getTime() / 1000}.{"a":1}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
  });
});

describe('verifyStandardWebhook', () => {
  const verify = (overrides: Partial<Parameters<typeof verifyStandardWebhook>[0]> = {}) =>
    verifyStandardWebhook({
      secret: SPEC.secret,
      headers: SPEC_HEADERS,
      rawBody: SPEC.body,
      now: SPEC_TIME,
      ...overrides,
    });

  it("accepts the specification's example and returns its id and time", () => {
    expect(verify()).toEqual({ id: SPEC.id, timestamp: SPEC_TIME });
    expect(verify({ rawBody: Buffer.from(SPEC.body) }).id).toBe(SPEC.id);
  });

  it('accepts the signature among several (key rotation) and headers in any case', () => {
    const headers = {
      'Webhook-Id': SPEC.id,
      'WEBHOOK-TIMESTAMP': String(SPEC.timestampInSeconds),
      'webhook-signature': `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${SPEC.signature}`,
    };
    expect(verify({ headers }).id).toBe(SPEC.id);
  });

  it('refuses a tampered body, a wrong secret, and a signature of another version', () => {
    expect(reasonOf(() => verify({ rawBody: '{"test": 2432232315}' }))).toBe('SignatureMismatch');
    expect(reasonOf(() => verify({ secret: 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=' }))).toBe(
      'SignatureMismatch',
    );
    const v2 = { ...SPEC_HEADERS, 'webhook-signature': SPEC.signature.replace('v1,', 'v2,') };
    expect(reasonOf(() => verify({ headers: v2 }))).toBe('SignatureMismatch');
  });

  it('refuses a replay of the example six minutes later, and a timestamp from the future', () => {
    const sixMinutesLater = new Date(SPEC_TIME.getTime() + 6 * 60_000);
    expect(reasonOf(() => verify({ now: sixMinutesLater }))).toBe('StaleTimestamp');
    const sixMinutesEarlier = new Date(SPEC_TIME.getTime() - 6 * 60_000);
    expect(reasonOf(() => verify({ now: sixMinutesEarlier }))).toBe('FutureTimestamp');
    // Inside the window both ways.
    expect(verify({ now: new Date(SPEC_TIME.getTime() + 4 * 60_000) }).id).toBe(SPEC.id);
    expect(verify({ now: new Date(SPEC_TIME.getTime() - 4 * 60_000) }).id).toBe(SPEC.id);
  });

  it('refuses missing and malformed headers', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const headers: Record<string, string> = { ...SPEC_HEADERS };
      delete headers[name];
      expect(reasonOf(() => verify({ headers }))).toBe('MissingHeader');
    }
    const dated = { ...SPEC_HEADERS, 'webhook-timestamp': SPEC_TIME.toUTCString() };
    expect(reasonOf(() => verify({ headers: dated }))).toBe('MalformedHeader');
  });

  it('never puts the secret in an error message', () => {
    const bad = 'whsec_not base64 at all!!';
    const badSecret = errorOf(() => verify({ secret: bad }));
    expect(badSecret).toBeInstanceOf(InvalidWebhookSecretError);
    expect(badSecret.message).not.toContain('not base64');
    const mismatch = errorOf(() => verify({ rawBody: 'tampered' }));
    expect(mismatch).toBeInstanceOf(WebhookVerificationError);
    expect(mismatch.message).not.toContain(SPEC.secret.slice(6));
    expect(mismatch.message).not.toContain(SPEC.signature.slice(3));
  });
});
