/**
 * True for the HTTP statuses worth trying again: 408, 429 and 5xx except 501 and 505. The same rule for
 * calls to the AI services and for outbound webhooks.
 *
 * Drift resolved here: the webhook copy retried every 5xx; 501 (Not Implemented) and 505 (HTTP Version
 * Not Supported) describe the receiver, not a passing state, so a retry would get the same answer.
 */
export function isRetryableStatus(statusCode: number): boolean {
  if (statusCode === 408 || statusCode === 429) return true;
  return statusCode >= 500 && statusCode !== 501 && statusCode !== 505;
}
