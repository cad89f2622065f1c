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
