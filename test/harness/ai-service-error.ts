import { AiServiceError } from '../../src/clients/errors.js';

/** The `AiServiceError` that `map` throws (an unknown status word, say); fails the test if it throws none. */
export function unknownStatusOf(map: () => unknown): AiServiceError {
  try {
    map();
  } catch (error) {
    if (error instanceof AiServiceError) return error;
    throw error;
  }
  throw new Error('expected an AiServiceError');
}
