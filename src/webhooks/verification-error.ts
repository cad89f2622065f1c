/** Why an inbound request's signature was refused; stable, safe to log and to show. */
export const VERIFICATION_FAILURES = {
  MissingHeader: 'MissingHeader',
  MalformedHeader: 'MalformedHeader',
  StaleTimestamp: 'StaleTimestamp',
  FutureTimestamp: 'FutureTimestamp',
  SignatureMismatch: 'SignatureMismatch',
} as const;
export type VerificationFailure = (typeof VERIFICATION_FAILURES)[keyof typeof VERIFICATION_FAILURES];

/**
 * A signed request that does not verify. The message names what was wrong (a header, the time window,
 * the signature) and never any secret material or the expected signature.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly reason: VerificationFailure,
    message: string,
  ) {
    super(message);
  }
}
