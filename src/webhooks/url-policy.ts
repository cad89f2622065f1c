import { isLoopbackHostname } from '../shared/loopback.js';

/**
 * Where outbound webhooks may go: `https:` anywhere; plain `http:` only to this machine and only where
 * the policy allows it (local receivers in development and tests, never in Azure), so a reply can never
 * travel the network unencrypted and a caller-supplied URL cannot reach the app's own host in production.
 * Pure: whether loopback is allowed is decided once from the environment (`src/config/platform.ts`).
 */
export interface WebhookUrlPolicy {
  /** Whether plain `http:` to a loopback host (127.0.0.0/8, localhost, [::1]) is accepted. */
  allowLoopbackHttp: boolean;
}

export class WebhookUrlNotAllowedError extends Error {
  override readonly name = 'WebhookUrlNotAllowedError';
}

/** What the policy accepts, in words, for messages: "an https URL (plain http only to ...)". */
export function deliverableUrlRule(policy: WebhookUrlPolicy): string {
  return policy.allowLoopbackHttp
    ? 'an https URL (plain http only to 127.0.0.0/8, localhost or [::1])'
    : 'an https URL';
}

/**
 * Parses and checks a delivery URL. The error names the scheme and host only: query strings of webhook
 * URLs (Slack response URLs, Teams incoming webhooks) are credentials.
 */
export function assertDeliverableUrl(url: string, policy: WebhookUrlPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookUrlNotAllowedError('The webhook URL is not a valid absolute URL.');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new WebhookUrlNotAllowedError(`The webhook URL for ${parsed.host} must not carry credentials.`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && policy.allowLoopbackHttp && isLoopbackHostname(parsed.hostname)) {
    return parsed;
  }
  throw new WebhookUrlNotAllowedError(
    `A webhook URL must be ${deliverableUrlRule(policy)}; refused ${parsed.protocol}//${parsed.host}.`,
  );
}

/** Whether `assertDeliverableUrl` would accept the URL. */
export function isDeliverableUrl(url: string, policy: WebhookUrlPolicy): boolean {
  try {
    assertDeliverableUrl(url, policy);
    return true;
  } catch {
    return false;
  }
}
