import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { signaturesEqual } from '../webhooks/constant-time.js';
import { readHeader, type HeaderSource } from '../webhooks/headers.js';
import { DEFAULT_TOLERANCE_IN_SECONDS, assertWithinWindow } from '../webhooks/timestamp-window.js';
import { WebhookVerificationError } from '../webhooks/verification-error.js';

/**
 * Teams outgoing webhooks: the HMAC Teams puts in `Authorization`, the activity it posts, the synchronous
 * answer it shows, and the card posted to an incoming webhook when the operation is over (an outgoing
 * webhook cannot post later). Pure functions.
 */

const AUTHORIZATION_SCHEME = 'HMAC ';

/** Base64 HMAC-SHA256 of the raw body, keyed with the base64-decoded security token. */
export function teamsSignature(securityToken: string, rawBody: string | Buffer): string {
  return createHmac('sha256', Buffer.from(securityToken, 'base64')).update(rawBody).digest('base64');
}

export interface VerifyTeamsRequestInput {
  /** The security token Teams showed when the outgoing webhook was created (base64). */
  securityToken: string;
  headers: HeaderSource;
  rawBody: string | Buffer;
}

/** Throws `WebhookVerificationError` unless `Authorization: HMAC <base64>` matches the body. */
export function verifyTeamsRequest(input: VerifyTeamsRequestInput): void {
  const authorization = readHeader(input.headers, 'authorization');
  if (authorization === undefined) {
    throw new WebhookVerificationError('MissingHeader', 'The Authorization header is required.');
  }
  if (!authorization.startsWith(AUTHORIZATION_SCHEME)) {
    throw new WebhookVerificationError(
      'MalformedHeader',
      "The Authorization header must be 'HMAC <signature>'.",
    );
  }
  const received = authorization.slice(AUTHORIZATION_SCHEME.length).trim();
  if (!signaturesEqual(received, teamsSignature(input.securityToken, input.rawBody))) {
    throw new WebhookVerificationError('SignatureMismatch', 'The Teams request signature does not match.');
  }
}

/**
 * Teams signs the body, not a time, so the signed activity `timestamp` stands in for one: an activity
 * older than the window is a replay of a captured request.
 */
export function assertFreshActivity(
  activity: TeamsActivity,
  now: Date,
  toleranceInSeconds = DEFAULT_TOLERANCE_IN_SECONDS,
): void {
  const sentAt = Date.parse(activity.timestamp);
  if (Number.isNaN(sentAt)) {
    throw new WebhookVerificationError('MalformedHeader', 'The activity timestamp is not a date.');
  }
  assertWithinWindow(Math.floor(sentAt / 1000), now, toleranceInSeconds);
}

export const teamsActivitySchema = z.object({
  type: z.string(),
  id: z.string().optional(),
  timestamp: z.string(),
  text: z.string().default(''),
  from: z.object({ id: z.string().min(1), aadObjectId: z.string().optional(), name: z.string().optional() }),
  conversation: z.object({ id: z.string().min(1) }),
  channelData: z
    .object({
      channel: z.object({ id: z.string() }).optional(),
      teamsChannelId: z.string().optional(),
      team: z.object({ id: z.string() }).optional(),
    })
    .optional(),
});

export type TeamsActivity = z.infer<typeof teamsActivitySchema>;

export class TeamsPayloadError extends Error {
  override readonly name = 'TeamsPayloadError';
}

export function parseTeamsActivity(value: unknown): TeamsActivity {
  const parsed = teamsActivitySchema.safeParse(value);
  if (!parsed.success) throw new TeamsPayloadError('The body is not a Teams message activity.');
  return parsed.data;
}

/**
 * Every id the activity proves about its sender, for `CHATOPS_ALLOWED`: the user's Teams and Entra ids,
 * the channel id, and the conversation id without its `;messageid=` suffix.
 */
export function teamsCallerIds(activity: TeamsActivity): string[] {
  const ids = [
    activity.from.id,
    activity.from.aadObjectId,
    activity.channelData?.channel?.id,
    activity.channelData?.teamsChannelId,
    activity.conversation.id.split(';')[0],
  ];
  return [...new Set(ids.filter((id): id is string => id !== undefined && id !== ''))];
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

/**
 * The command text without the bot mention: Teams sends `<at>Bot</at> suspend jessica` (HTML, with
 * entities such as `&nbsp;`); mentions and any other tags are dropped, entities decoded.
 */
export function commandTextOfActivity(text: string): string {
  return text
    .replace(/<at>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/gi, (entity) => ENTITIES[entity.toLowerCase()] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Teams renders message text as HTML-flavoured markdown: typed `<`, `>`, `&` must stay text. */
export function escapeTeamsText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The synchronous answer to an outgoing webhook (Teams waits at most 5 seconds). */
export function teamsReply(text: string): { type: 'message'; text: string } {
  return { type: 'message', text: escapeTeamsText(text) };
}

/**
 * The completion notice for an incoming webhook: a message with one Adaptive Card, the format both the
 * classic incoming-webhook connector and the Workflows "post to a channel when a webhook request is
 * received" template accept.
 */
export function teamsCompletionCard(text: string): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text, wrap: true }],
        },
      },
    ],
  };
}
