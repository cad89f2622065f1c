import type { OperationStatus } from '../domain/operation.js';
import { AI_ERROR_CODES, AiServiceError, type AiServiceName } from './errors.js';
import type { MappedStatus } from './types.js';

/**
 * A service's status words mapped to the product's five statuses; each operation kind keeps its own table
 * in its folder. A word we do not know is an error (`UnknownStatus`), never a guess: treating an unknown
 * word as done could announce a success that did not happen. Words are matched without regard to case
 * (`Succeeded` and `succeeded` are one word); the service's own spelling is kept in `upstreamStatus`.
 */
export type StatusTable = Readonly<Record<string, OperationStatus>>;

/** The product status of `word`, or undefined when the table does not know it. */
export function lookUpStatus(table: StatusTable, word: string): OperationStatus | undefined {
  const wanted = word.toLowerCase();
  const key = Object.keys(table).find((known) => known.toLowerCase() === wanted);
  return key === undefined ? undefined : table[key];
}

/** Maps `word` through `table`; throws `AiServiceError` (`UnknownStatus`) for a word it does not know. */
export function mapStatus(
  service: AiServiceName,
  what: string,
  table: StatusTable,
  word: string,
): MappedStatus {
  const status = lookUpStatus(table, word);
  if (status === undefined) {
    throw new AiServiceError({
      service,
      code: AI_ERROR_CODES.UnknownStatus,
      message: `The ${what} reported a status this app does not know: '${truncateWord(word)}'.`,
      retryable: false,
    });
  }
  return { status, upstreamStatus: word };
}

function truncateWord(word: string): string {
  return word.length <= 64 ? word : `${word.slice(0, 63)}…`;
}
