import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a received signature with the expected one without leaking, through timing, how many leading
 * characters matched. Different lengths are unequal at once: the length of a signature is public.
 */
export function signaturesEqual(received: string, expected: string): boolean {
  const receivedBytes = Buffer.from(received, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  if (receivedBytes.length !== expectedBytes.length) return false;
  return timingSafeEqual(receivedBytes, expectedBytes);
}
