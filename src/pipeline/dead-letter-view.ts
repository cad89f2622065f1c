import type { ReceivedMessage } from '../bus/bus.js';

/** The queues whose dead letters the HTTP API lists and replays. */
export const DEAD_LETTER_ENTITIES = ['commands', 'deliveries'] as const;
export type DeadLetterEntity = (typeof DEAD_LETTER_ENTITIES)[number];

export interface DeadLetterView {
  entity: DeadLetterEntity;
  id: string;
  messageId: string;
  reason: string;
  description: string;
  firstSeenDateTime: string;
  deliveryCount: number;
  subject?: string;
  body: unknown;
}

/** A dead-lettered message as people see it: its body safe to show (see `safeToShow`). */
export function toDeadLetterView(entity: DeadLetterEntity, message: ReceivedMessage): DeadLetterView {
  return {
    entity,
    id: String(message.sequenceNumber ?? ''),
    messageId: message.messageId,
    reason: message.deadLetterReason ?? 'Unknown',
    description: message.deadLetterErrorDescription ?? '',
    firstSeenDateTime: message.enqueuedTime.toISOString(),
    deliveryCount: message.deliveryCount,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    body: safeToShow(message.body),
  };
}

const SECRET_KEY = /secret|token|password|signature|^key$|apikey|authorization/i;
const URL_KEY = /url$/i;

/**
 * A copy of a message body without what a listing must not show. Commands from chat-ops carry reply
 * URLs (a Slack `response_url` or a callback URL is a credential): every `...Url` field keeps only its
 * origin. Fields named like secrets are left out whatever they hold. Deliveries already name their
 * subscriber by host and hash only; bytes are shown as their length.
 */
export function safeToShow(body: unknown): unknown {
  if (body instanceof Uint8Array) return { bytes: body.byteLength };
  if (Array.isArray(body)) return body.map(safeToShow);
  if (body === null || typeof body !== 'object') return body;
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (SECRET_KEY.test(key)) continue;
    shown[key] = URL_KEY.test(key) && typeof value === 'string' ? originOf(value) : safeToShow(value);
  }
  return shown;
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return '…';
  }
}
