import { createHmac } from 'node:crypto';
import { signaturesEqual } from '../webhooks/constant-time.js';
import { readHeader, type HeaderSource } from '../webhooks/headers.js';
import { isDeliverableUrl, type WebhookUrlPolicy } from '../webhooks/url-policy.js';
import {
  DEFAULT_TOLERANCE_IN_SECONDS,
  assertWithinWindow,
  parseUnixSeconds,
} from '../webhooks/timestamp-window.js';
import { WebhookVerificationError } from '../webhooks/verification-error.js';

/**
 * Slack slash commands: request signing ("Verifying requests from Slack"), the form Slack posts, and the
 * JSON messages Slack accepts as an answer and at a `response_url`. Pure functions.
 */

export const SLACK_HEADERS = {
  signature: 'x-slack-signature',
  timestamp: 'x-slack-request-timestamp',
} as const;

const SIGNATURE_VERSION = 'v0';

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`${SIGNATURE_VERSION}:${timestamp}:`);
  hmac.update(rawBody);
  return `${SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}

export interface VerifySlackRequestInput {
  signingSecret: string;
  headers: HeaderSource;
  rawBody: string | Buffer;
  now: Date;
  toleranceInSeconds?: number;
}

/** Throws `WebhookVerificationError` unless the request is signed by Slack within the time window. */
export function verifySlackRequest(input: VerifySlackRequestInput): void {
  const timestamp = readHeader(input.headers, SLACK_HEADERS.timestamp);
  const signature = readHeader(input.headers, SLACK_HEADERS.signature);
  if (timestamp === undefined || signature === undefined) {
    throw new WebhookVerificationError(
      'MissingHeader',
      'The X-Slack-Signature and X-Slack-Request-Timestamp headers are required.',
    );
  }
  const signedAtInSeconds = parseUnixSeconds(timestamp, 'X-Slack-Request-Timestamp');
  assertWithinWindow(signedAtInSeconds, input.now, input.toleranceInSeconds ?? DEFAULT_TOLERANCE_IN_SECONDS);
  if (!signaturesEqual(signature, slackSignature(input.signingSecret, timestamp, input.rawBody))) {
    throw new WebhookVerificationError('SignatureMismatch', 'The Slack request signature does not match.');
  }
}

/** Slack's certificate check of a configured URL (`ssl_check=1`): to be acknowledged, never run. */
export function isSlackSslCheck(rawBody: string): boolean {
  return new URLSearchParams(rawBody).get('ssl_check') === '1';
}

/** The fields of a slash-command POST this app uses. */
export interface SlackSlashCommand {
  /** What followed the command, e.g. `suspend jessica`. */
  text: string;
  userId: string;
  channelId: string;
  /** Where to post later messages (valid for 30 minutes, 5 messages). */
  responseUrl: string;
  teamId?: string;
  /** Unique per invocation, but optional: the command id comes from the signed request instead. */
  triggerId?: string;
}

export class SlackPayloadError extends Error {
  override readonly name = 'SlackPayloadError';
}

/** Parses the `application/x-www-form-urlencoded` body of a slash command. */
export function parseSlackSlashCommand(rawBody: string): SlackSlashCommand {
  const form = new URLSearchParams(rawBody);
  const userId = form.get('user_id');
  const channelId = form.get('channel_id');
  const responseUrl = form.get('response_url');
  if (!userId || !channelId || !responseUrl) {
    throw new SlackPayloadError('The slash command lacks user_id, channel_id or response_url.');
  }
  const teamId = form.get('team_id');
  const triggerId = form.get('trigger_id');
  return {
    text: form.get('text') ?? '',
    userId,
    channelId,
    responseUrl,
    ...(teamId ? { teamId } : {}),
    ...(triggerId ? { triggerId } : {}),
  };
}

/** The only origin Slack sends `response_url`s on. */
export const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';

/**
 * Whether a slash command's `response_url` may become its reply address. Slack only ever sends
 * `https://hooks.slack.com/...`, so where loopback receivers are not allowed (in Azure) nothing else is
 * taken: a forged or replayed form cannot point the completion notice elsewhere. Outside Azure any URL
 * the policy accepts is, so local tests can stand in for Slack.
 */
export function isSlackResponseUrl(url: string, policy: WebhookUrlPolicy): boolean {
  if (!isDeliverableUrl(url, policy)) return false;
  return policy.allowLoopbackHttp || new URL(url).origin === SLACK_RESPONSE_ORIGIN;
}

/** Slack's three control characters; escaped, typed text cannot become a mention or a link. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The immediate answer: visible only to the person who typed the command. */
export function slackAcknowledgement(text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text: escapeSlackText(text) };
}

/**
 * The completion notice posted to the `response_url`: in the channel, because the point is that the
 * team sees "jessica is suspended"; as a new message, leaving the acknowledgement in place.
 */
export function slackCompletionMessage(text: string): {
  response_type: 'in_channel';
  replace_original: false;
  text: string;
} {
  return { response_type: 'in_channel', replace_original: false, text: escapeSlackText(text) };
}
