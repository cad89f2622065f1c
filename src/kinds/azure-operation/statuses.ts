import { mapStatus, type StatusTable } from '../../clients/status-table.js';
import type { MappedStatus } from '../../clients/types.js';

/** The service name in this kind's errors: the status monitor may belong to any Azure AI service. */
export const SERVICE = 'azure-operation';

/**
 * The status words of the Azure AI long-running operations this kind follows, each mapped to the
 * product's five statuses. Pure. Words are matched without regard to case, as the services spell the same
 * word differently (`Canceled`/`canceled`, `NotStarted`/`notStarted`); the service's own spelling is kept.
 * A word in none of these tables is an error, never a guess: treating an unknown word as done could
 * announce a success that did not happen.
 */

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
 * as for question answering jobs (docs/design.md#contracts-the-product-keeps).
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

/**
 * Every word of every table. Where two tables share a word (in any case) they agree on its meaning, so
 * one lookup serves all four.
 */
export const AZURE_OPERATION_STATUSES: StatusTable = {
  ...AZURE_CORE_STATUSES,
  ...DOCUMENT_INTELLIGENCE_STATUSES,
  ...TRANSLATOR_BATCH_STATUSES,
  ...LANGUAGE_JOB_STATUSES,
};

/** The words that mean a failure with a name of its own, by lower-case spelling. */
export const NAMED_FAILURES: Readonly<Record<string, string>> = {
  partiallycompleted: 'PartiallyCompleted',
  validationfailed: 'ValidationFailed',
};

/** Maps a status word; throws `AiServiceError` (`UnknownStatus`, not retryable) for a word of no table. */
export function mapAzureOperationStatus(word: string): MappedStatus {
  return mapStatus(SERVICE, 'status monitor', AZURE_OPERATION_STATUSES, word);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
