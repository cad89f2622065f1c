import { AiServiceError } from '../../src/clients/errors.js';

/** The `AiServiceError` a call rejects with; fails the test if it resolves or throws anything else. */
export async function serviceErrorOf(call: Promise<unknown>): Promise<AiServiceError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AiServiceError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with an AiServiceError');
}

/** Every text a log line or a stored record could get from an error: message, JSON, inspect, cause. */
export function everythingShownOf(error: Error): string {
  return [
    error.message,
    JSON.stringify(error),
    String(error.stack),
    JSON.stringify(error.cause ?? null),
    String(error.cause),
  ].join('\n');
}
