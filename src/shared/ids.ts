import { createHash, randomUUID } from 'node:crypto';

/** A fresh command id for a request that brought no idempotency key. */
export function newId(): string {
  return randomUUID();
}

/**
 * A name-based UUID (RFC 9562 version 5 layout over SHA-1) of the given parts. The same parts always
 * give the same id, so a command made twice from the same facts (a schedule instant, a webhook id)
 * is recognised as one; ids are valid upstream `Operation-Id`s and Service Bus message ids.
 */
export function deterministicId(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u001f')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID in its usual 8-4-4-4-12 hex form, any version, either case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Azure's `Operation-Id` pattern: 3-64 characters, alphanumeric at both ends. */
export const OPERATION_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/;
