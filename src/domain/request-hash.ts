import { createHash } from 'node:crypto';
import type { Action, Target } from './operation.js';

/**
 * A stable fingerprint of what was asked, independent of key order, so that a reused idempotency key can
 * be told apart: same action and target -> same hash.
 */
export function requestHash(action: Action, target: Target): string {
  return createHash('sha256').update(canonicalJson({ action, target })).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
