/**
 * Where outbound webhooks may go: `https:` anywhere, plain `http:` only to this machine (local receivers
 * in development and tests), so a reply can never travel the network unencrypted.
 */

const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

export class WebhookUrlNotAllowedError extends Error {
  override readonly name = 'WebhookUrlNotAllowedError';
}

export function isLoopbackHostname(hostname: string): boolean {
  return (LOOPBACK_HOSTNAMES as readonly string[]).includes(hostname.toLowerCase());
}

/**
 * Parses and checks a delivery URL. The error names the scheme and host only: query strings of webhook
 * URLs (Slack response URLs, Teams incoming webhooks) are credentials.
 */
export function assertDeliverableUrl(url: string): URL {
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
  if (parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname)) return parsed;
  throw new WebhookUrlNotAllowedError(
    `Webhook URLs must use https (plain http only to 127.0.0.1, localhost or [::1]); refused ${parsed.protocol}//${parsed.host}.`,
  );
}

/** Whether `assertDeliverableUrl` would accept the URL. */
export function isDeliverableUrl(url: string): boolean {
  try {
    assertDeliverableUrl(url);
    return true;
  } catch {
    return false;
  }
}
