import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { ApiError, errorResponse } from '../http/api-error.js';
import type { ErrorCode } from '../http/error-codes.js';
import { readRawBody } from '../http/request-body.js';
import type { Log } from '../pipeline/ports.js';
import { deterministicId } from '../shared/ids.js';
import { WebhookVerificationError, type VerificationFailure } from '../webhooks/verification-error.js';

/** Shared refusals of the three chat endpoints; none of them says anything about a secret. */

const FAILURE_CODES: Readonly<Record<VerificationFailure, ErrorCode>> = {
  MissingHeader: 'MissingSignature',
  MalformedHeader: 'InvalidSignature',
  StaleTimestamp: 'StaleTimestamp',
  FutureTimestamp: 'StaleTimestamp',
  SignatureMismatch: 'InvalidSignature',
};

/** A body type a chat endpoint accepts: the pattern of its `Content-Type`, and how an answer names it. */
export interface BodyType {
  contentType: RegExp;
  expected: string;
}

export const FORM_BODY: BodyType = {
  contentType: /^application\/x-www-form-urlencoded\b/i,
  expected: "a form ('Content-Type: application/x-www-form-urlencoded')",
};

export const JSON_BODY: BodyType = {
  contentType: /^application\/([a-z.+-]*\+)?json\b/i,
  expected: "JSON ('Content-Type: application/json')",
};

/** One signed inbound webhook: its route, the secret that signs it, and the platform's check. */
export interface SignedWebhook<T> {
  /** The function's route, e.g. `webhooks/slack`; the log lines name `/api/<route>`. */
  route: string;
  /** The app setting that holds the secret, named in the log while it is unset. */
  setting: string;
  /** The secret, `undefined` while the setting is unset. */
  secret: string | undefined;
  body: BodyType;
  /**
   * The platform's check of the raw body: throws `WebhookVerificationError` unless the request is
   * authentic and fresh; returns what the handler needs from it. Other errors pass through.
   */
  verify(secret: string, rawBody: Buffer): T;
  /**
   * A request the platform sends that must be acknowledged whether it is signed or not, and whatever the
   * secret's state (Slack's `ssl_check`): the answer to give, or `undefined` for an ordinary request.
   * Asked before anything else once the body is read; it must run nothing.
   */
  acknowledge?(rawBody: Buffer): HttpResponseInit | undefined;
}

export type SignedRequest<T> =
  { verified: true; rawBody: Buffer; value: T } | { verified: false; response: HttpResponseInit };

/**
 * The skeleton of the three signed chat endpoints, in this order: `401` for every request while the
 * secret is unset (unless the platform has requests to acknowledge, which are looked for first);
 * `415 UnsupportedMediaType` for another content type, before the body is read (a signature is only
 * meaningful over the bytes the platform sends); the raw body; then the platform's verification, whose
 * failure is a `401` with the reason's code.
 */
export async function readSignedRequest<T>(
  request: HttpRequest,
  log: Log,
  webhook: SignedWebhook<T>,
): Promise<SignedRequest<T>> {
  const route = `/api/${webhook.route}`;
  if (webhook.secret === undefined && webhook.acknowledge === undefined) {
    return { verified: false, response: notConfiguredResponse(webhook.setting, route, log) };
  }
  const contentType = request.headers.get('content-type') ?? '';
  if (!webhook.body.contentType.test(contentType)) {
    throw new ApiError('UnsupportedMediaType', `The request body must be ${webhook.body.expected}.`);
  }
  const rawBody = await readRawBody(request);
  const acknowledgement = webhook.acknowledge?.(rawBody);
  if (acknowledgement) return { verified: false, response: acknowledgement };
  if (webhook.secret === undefined) {
    return { verified: false, response: notConfiguredResponse(webhook.setting, route, log) };
  }
  try {
    return { verified: true, rawBody, value: webhook.verify(webhook.secret, rawBody) };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return { verified: false, response: verificationFailedResponse(error, route, log) };
  }
}

/** `401` for every request while the platform's secret is unset; the log says which setting is missing. */
function notConfiguredResponse(setting: string, route: string, log: Log): HttpResponseInit {
  log.warn(`${setting} is not set: ${route} refuses every request until it is.`);
  return errorResponse(
    new ApiError('Unauthorized', 'Requests to this endpoint cannot be verified, so none is accepted.'),
  );
}

/** `401` for a request whose signature or timestamp does not verify. */
function verificationFailedResponse(
  error: WebhookVerificationError,
  route: string,
  log: Log,
): HttpResponseInit {
  log.warn(`${route}: request refused (${error.reason}).`);
  return errorResponse(new ApiError(FAILURE_CODES[error.reason], error.message));
}

/** Names of the answer's outcome for the log line, never the request's body. */
export function describeForLog(kind: string, operationId?: string): string {
  return operationId ? `${kind} (operation ${operationId})` : kind;
}

/**
 * The command id of a verified chat request, from exactly what its signature covers (`signedParts`:
 * e.g. Slack's timestamp and raw body, Teams' raw body). A replay inside the replay window is the same
 * signed bytes, so it gets the same id and runs no second command; no optional field of the payload
 * (`trigger_id`, an activity `id`) is needed for that.
 */
export function signedRequestCommandId(platform: string, ...signedParts: Array<string | Buffer>): string {
  const digest = createHash('sha256');
  for (const part of signedParts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    // Length-prefixed, so that moving bytes from one part to the next cannot give the same digest.
    digest.update(`${bytes.length}:`).update(bytes);
  }
  return deterministicId(platform, 'signed-request', digest.digest('hex'));
}
