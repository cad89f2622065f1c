import { mapStatus, type StatusTable } from '../../clients/status-table.js';
import type { MappedStatus } from '../../clients/types.js';

export const SERVICE = 'qna';

/** QnA `jobStatus`. `partiallyCompleted` is a failure (docs/design.md#contracts-the-product-keeps: code `PartiallyCompleted`). */
const QNA_JOB_STATUSES = {
  notStarted: 'NotStarted',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Canceled',
  cancelling: 'Running',
  partiallyCompleted: 'Failed',
} as const satisfies StatusTable;

export function mapQnaJobStatus(word: string): MappedStatus {
  return mapStatus(SERVICE, 'question answering job', QNA_JOB_STATUSES, word);
}
