import type { OperationStatus } from '../domain/operation.js';
import { AI_ERROR_CODES, AiServiceError, type AiServiceName } from './errors.js';
import type { MappedStatus } from './types.js';

/**
 * Each service's status words mapped to the product's five statuses. Pure. A word we do not know is an
 * error (`UnknownStatus`), never a guess: treating an unknown word as done could announce a success that
 * did not happen. Words are matched without regard to case (`Succeeded` and `succeeded` are one word);
 * the service's own spelling is kept in `upstreamStatus`.
 */

type StatusTable = Readonly<Record<string, OperationStatus>>;

/** Custom voice `OperationStatus` (Operations - Get). */
export const CUSTOM_VOICE_OPERATION_STATUSES = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
} as const satisfies StatusTable;

/**
 * Custom voice endpoint `status`. `Disabling` is a suspend under way; `Disabled` is settled (a suspend
 * that succeeded, or a resume that failed: which one only the action can tell, see
 * `endpointStatusSatisfies`).
 */
export const CUSTOM_VOICE_ENDPOINT_STATUSES = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Disabling: 'Running',
  Disabled: 'Succeeded',
} as const satisfies StatusTable;

/** Face `OperationStatusType` (a closed enum). */
export const FACE_OPERATION_STATUSES = {
  notStarted: 'NotStarted',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
} as const satisfies StatusTable;

/** QnA `jobStatus`. `partiallyCompleted` is a failure (DESIGN: code `PartiallyCompleted`). */
export const QNA_JOB_STATUSES = {
  notStarted: 'NotStarted',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Canceled',
  cancelling: 'Running',
  partiallyCompleted: 'Failed',
} as const satisfies StatusTable;

export function mapCustomVoiceOperationStatus(word: string): MappedStatus {
  return mapStatus('customvoice', 'custom voice operation', CUSTOM_VOICE_OPERATION_STATUSES, word);
}

export function mapCustomVoiceEndpointStatus(word: string): MappedStatus {
  return mapStatus('customvoice', 'custom voice endpoint', CUSTOM_VOICE_ENDPOINT_STATUSES, word);
}

export function mapFaceOperationStatus(word: string): MappedStatus {
  return mapStatus('face', 'Face operation', FACE_OPERATION_STATUSES, word);
}

export function mapQnaJobStatus(word: string): MappedStatus {
  return mapStatus('qna', 'question answering job', QNA_JOB_STATUSES, word);
}

/** The endpoint status that means an action is already done. */
export const SATISFYING_ENDPOINT_STATUS = { suspend: 'Disabled', resume: 'Succeeded' } as const;

/**
 * True when an endpoint in `endpointStatus` needs no call for `action`: a suspend of a `Disabled`
 * endpoint, a resume of a `Succeeded` one. Such a command succeeds without a second call.
 */
export function endpointStatusSatisfies(action: 'suspend' | 'resume', endpointStatus: string): boolean {
  return endpointStatus.toLowerCase() === SATISFYING_ENDPOINT_STATUS[action].toLowerCase();
}

function mapStatus(service: AiServiceName, what: string, table: StatusTable, word: string): MappedStatus {
  const wanted = word.toLowerCase();
  const key = Object.keys(table).find((known) => known.toLowerCase() === wanted);
  const status = key === undefined ? undefined : table[key];
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
