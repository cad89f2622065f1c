import { Webhook } from 'standardwebhooks';
import { signaturesEqual } from './constant-time.js';
import { readHeader, type HeaderSource } from './headers.js';
import { DEFAULT_TOLERANCE_IN_SECONDS, assertWithinWindow, parseUnixSeconds } from './timestamp-window.js';
import { WebhookVerificationError } from './verification-error.js';

/**
 * Standard Webhooks (standardwebhooks.com), as docs/design.md#contracts-the-product-keeps fixes it: `webhook-id`, `webhook-timestamp`
 * (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with
 * the base64-decoded secret after its `whsec_` prefix. The official library does the signature maths.
 * Its `verify` reads the wall clock for the time window and cannot be given "now", so the window is
 * checked here against an injected time and the library only computes the expected signature.
 */

export const STANDARD_WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** Longest `webhook-id` accepted: it becomes an idempotency key and a principal (max 256). */
const MAX_WEBHOOK_ID_LENGTH = 256;

export interface SignStandardWebhookInput {
  /** `whsec_` followed by the base64 key. */
  secret: string;
  /** The message id; the same on every retry of one message, so receivers can deduplicate. */
  id: string;
  timestamp: Date;
  body: string;
}

/** The three Standard Webhooks headers for one delivery attempt. */
export function signStandardWebhook(input: SignStandardWebhookInput): Record<string, string> {
  const signature = webhookFor(input.secret).sign(input.id, input.timestamp, input.body);
  return {
    [STANDARD_WEBHOOK_HEADERS.id]: input.id,
    [STANDARD_WEBHOOK_HEADERS.timestamp]: String(Math.floor(input.timestamp.getTime() / 1000)),
    [STANDARD_WEBHOOK_HEADERS.signature]: signature,
  };
}

export interface VerifyStandardWebhookInput {
  secret: string;
  headers: HeaderSource;
  /** The body exactly as received; re-serialised JSON would not verify. */
  rawBody: string | Buffer;
  now: Date;
  /** Largest distance between the signing time and `now`; five minutes unless told. */
  toleranceInSeconds?: number;
}

/**
 * Verifies one inbound message and returns its id and signing time.
 * Throws `WebhookVerificationError` for a missing or malformed header, a timestamp outside the window, or
 * no matching `v1` signature (several space-separated signatures are allowed, for key rotation).
 */
export function verifyStandardWebhook(input: VerifyStandardWebhookInput): { id: string; timestamp: Date } {
  const id = readHeader(input.headers, STANDARD_WEBHOOK_HEADERS.id);
  const timestampHeader = readHeader(input.headers, STANDARD_WEBHOOK_HEADERS.timestamp);
  const signatureHeader = readHeader(input.headers, STANDARD_WEBHOOK_HEADERS.signature);
  if (id === undefined || timestampHeader === undefined || signatureHeader === undefined) {
    throw new WebhookVerificationError(
      'MissingHeader',
      'The webhook-id, webhook-timestamp and webhook-signature headers are required.',
    );
  }
  if (id.length > MAX_WEBHOOK_ID_LENGTH) {
    throw new WebhookVerificationError('MalformedHeader', 'The webhook-id header is too long.');
  }
  const signedAtInSeconds = parseUnixSeconds(timestampHeader, STANDARD_WEBHOOK_HEADERS.timestamp);
  assertWithinWindow(signedAtInSeconds, input.now, input.toleranceInSeconds ?? DEFAULT_TOLERANCE_IN_SECONDS);

  const timestamp = new Date(signedAtInSeconds * 1000);
  const body = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  const expected = webhookFor(input.secret).sign(id, timestamp, body);
  const matches = signatureHeader
    .split(' ')
    .filter((candidate) => candidate.startsWith('v1,'))
    .some((candidate) => signaturesEqual(candidate, expected));
  if (!matches) {
    throw new WebhookVerificationError('SignatureMismatch', 'The webhook signature does not match.');
  }
  return { id, timestamp };
}

/** Thrown for a secret that is not `whsec_<base64>`; says so without repeating any of it. */
export class InvalidWebhookSecretError extends Error {
  override readonly name = 'InvalidWebhookSecretError';
  constructor() {
    super("The webhook secret must be 'whsec_' followed by a non-empty base64 key.");
  }
}

const WHSEC_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** Whether a string has the `whsec_<base64>` shape (used when reading settings). */
export function isStandardWebhookSecret(secret: string): boolean {
  return WHSEC_PATTERN.test(secret);
}

function webhookFor(secret: string): Webhook {
  // The library would also accept a bare base64 key; the contract says whsec_, and the library's own
  // decoding errors could quote the input, so the shape is checked first.
  if (!isStandardWebhookSecret(secret)) throw new InvalidWebhookSecretError();
  try {
    return new Webhook(secret);
  } catch {
    throw new InvalidWebhookSecretError();
  }
}
