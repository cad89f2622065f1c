import { WebhookVerificationError } from './verification-error.js';

/** Slack, Standard Webhooks and this app all accept requests signed at most five minutes from now. */
export const DEFAULT_TOLERANCE_IN_SECONDS = 5 * 60;

const UNIX_SECONDS = /^\d{1,12}$/;

/** Reads a `Unix seconds` header value; anything else (a date string, a negative number) is malformed. */
export function parseUnixSeconds(value: string, headerName: string): number {
  if (!UNIX_SECONDS.test(value.trim())) {
    throw new WebhookVerificationError(
      'MalformedHeader',
      `The ${headerName} header is not a Unix time in seconds.`,
    );
  }
  return Number(value.trim());
}

/**
 * Refuses a signing time more than `toleranceInSeconds` before or after `now`: an old one is a replay,
 * a future one a clock trick to stretch a captured request's life.
 */
export function assertWithinWindow(
  signedAtInSeconds: number,
  now: Date,
  toleranceInSeconds = DEFAULT_TOLERANCE_IN_SECONDS,
): void {
  const nowInSeconds = Math.floor(now.getTime() / 1000);
  if (nowInSeconds - signedAtInSeconds > toleranceInSeconds) {
    throw new WebhookVerificationError(
      'StaleTimestamp',
      `The request was signed more than ${toleranceInSeconds} seconds ago.`,
    );
  }
  if (signedAtInSeconds - nowInSeconds > toleranceInSeconds) {
    throw new WebhookVerificationError(
      'FutureTimestamp',
      `The request is signed more than ${toleranceInSeconds} seconds in the future.`,
    );
  }
}
