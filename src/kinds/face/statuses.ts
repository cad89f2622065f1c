import { mapStatus, type StatusTable } from '../../clients/status-table.js';
import type { MappedStatus } from '../../clients/types.js';

export const SERVICE = 'face';

/** Face `OperationStatusType` (a closed enum). */
const FACE_OPERATION_STATUSES = {
  notStarted: 'NotStarted',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
} as const satisfies StatusTable;

export function mapFaceOperationStatus(word: string): MappedStatus {
  return mapStatus(SERVICE, 'Face operation', FACE_OPERATION_STATUSES, word);
}
