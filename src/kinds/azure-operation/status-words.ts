import type { OperationStatus } from '../../domain/operation.js';

/**
 * The status words of the Azure AI long-running operations this kind follows, each mapped to the
 * product's five statuses. Pure. Words are matched without regard to case, as the services spell the same
 * word differently (`Canceled`/`canceled`, `NotStarted`/`notStarted`); the service's own spelling is kept.
 * A word in none of these tables is an error, never a guess: treating an unknown word as done could
 * announce a success that did not happen.
 */

type StatusTable = Readonly<Record<string, OperationStatus>>;

/** Azure Core `OperationState` (the Azure REST API guidelines' status monitor). */
export const AZURE_CORE_STATUSES = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Canceled: 'Canceled',
} as const satisfies StatusTable;

/** Document Intelligence analyze results (`DocumentIntelligenceOperationStatus`, 2024-11-30). */
export const DOCUMENT_INTELLIGENCE_STATUSES = {
  notStarted: 'NotStarted',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
} as const satisfies StatusTable;

/**
 * Translator document translation batches (`Status`, 2024-05-01). `ValidationFailed` (the batch was
 * refused before any document was translated) is a failure; `Cancelling` is still on its way.
 */
export const TRANSLATOR_BATCH_STATUSES = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Canceled',
  Cancelling: 'Running',
  ValidationFailed: 'Failed',
} as const satisfies StatusTable;

/**
 * Language analyze-text jobs (`State`, 2023-04-01). `partiallyCompleted` is a failure with its own code,
 * as for question answering jobs (DESIGN.md).
 */
export const LANGUAGE_JOB_STATUSES = {
  notStarted: 'NotStarted',
  running: 'Running',
  succeeded: 'Succeeded',
  partiallyCompleted: 'Failed',
  failed: 'Failed',
  cancelled: 'Canceled',
  cancelling: 'Running',
} as const satisfies StatusTable;

/** Every word of every table, by lower-case spelling. The tables agree wherever they share a word. */
const WORDS: ReadonlyMap<string, OperationStatus> = new Map(
  [AZURE_CORE_STATUSES, DOCUMENT_INTELLIGENCE_STATUSES, TRANSLATOR_BATCH_STATUSES, LANGUAGE_JOB_STATUSES]
    .flatMap((table) => Object.entries(table))
    .map(([word, status]) => [word.toLowerCase(), status]),
);

/** The words that mean a failure with a name of its own, by lower-case spelling. */
export const NAMED_FAILURES: Readonly<Record<string, string>> = {
  partiallycompleted: 'PartiallyCompleted',
  validationfailed: 'ValidationFailed',
};

export const UNKNOWN_STATUS = 'UnknownStatus' as const;

/** A status word in none of the vocabularies: the operation cannot be judged, so it is not retried. */
export class UnknownStatusWordError extends Error {
  override readonly name = 'UnknownStatusWordError';
  readonly code = UNKNOWN_STATUS;
  constructor(readonly word: string) {
    super(`The status monitor reported a status this app does not know: '${truncate(word, 64)}'.`);
  }
}

export interface MappedWord {
  status: OperationStatus;
  /** The service's own spelling. */
  upstreamStatus: string;
}

/** Maps a status word; throws `UnknownStatusWordError` for a word of no vocabulary. */
export function mapStatusWord(word: string): MappedWord {
  const status = WORDS.get(word.toLowerCase());
  if (status === undefined) throw new UnknownStatusWordError(word);
  return { status, upstreamStatus: word };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
