import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How a request authenticated: subscription key, Entra ID bearer token, or not at all. */
export type AuthKind = 'key' | 'bearer' | 'none';

export interface AuthReading {
  kind: AuthKind;
  authorized: boolean;
}

const BEARER = /^Bearer\s+\S+/i;

/**
 * `Ocp-Apim-Subscription-Key` equal to the configured key, or any bearer token (the simulator cannot
 * check a token's signature). A wrong key fails even next to a token, as the gateway checks keys first.
 */
export function readAuth(headers: IncomingHttpHeaders, configuredKey: string): AuthReading {
  const key = headers['ocp-apim-subscription-key'];
  if (key !== undefined) {
    return { kind: 'key', authorized: typeof key === 'string' && sameSecret(key, configuredKey) };
  }
  const authorization = headers.authorization;
  if (authorization !== undefined && BEARER.test(authorization)) return { kind: 'bearer', authorized: true };
  return { kind: 'none', authorized: false };
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
