import { lookUpStatus, mapStatus, type StatusTable } from '../../clients/status-table.js';
import type { MappedStatus } from '../../clients/types.js';

/** Custom voice `OperationStatus` (Operations - Get). */
const CUSTOM_VOICE_OPERATION_STATUSES = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
} as const satisfies StatusTable;

/**
 * Custom voice endpoint `status`. `Disabling` is a suspend under way; `Disabled` is settled (a suspend
 * that succeeded, or a resume that failed: which one only the action can tell, see
 * `endpointStatusSatisfies`). Every word not mapped to Running is settled.
 */
const CUSTOM_VOICE_ENDPOINT_STATUSES = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Disabling: 'Running',
  Disabled: 'Succeeded',
} as const satisfies StatusTable;

export const SERVICE = 'customvoice';

export function mapCustomVoiceOperationStatus(word: string): MappedStatus {
  return mapStatus(SERVICE, 'custom voice operation', CUSTOM_VOICE_OPERATION_STATUSES, word);
}

export function mapCustomVoiceEndpointStatus(word: string): MappedStatus {
  return mapStatus(SERVICE, 'custom voice endpoint', CUSTOM_VOICE_ENDPOINT_STATUSES, word);
}

/**
 * An endpoint state that is not on its way somewhere else. A word the table does not know is taken as
 * still moving, so a status check keeps looking instead of announcing an end that did not happen.
 */
export function isSettledEndpointStatus(word: string): boolean {
  const status = lookUpStatus(CUSTOM_VOICE_ENDPOINT_STATUSES, word);
  return status !== undefined && status !== 'Running';
}

/** The endpoint status that means an action is already done. */
const SATISFYING_ENDPOINT_STATUS = { suspend: 'Disabled', resume: 'Succeeded' } as const;

/**
 * True when an endpoint in `endpointStatus` needs no call for `action`: a suspend of a `Disabled`
 * endpoint, a resume of a `Succeeded` one. Such a command succeeds without a second call.
 */
export function endpointStatusSatisfies(action: 'suspend' | 'resume', endpointStatus: string): boolean {
  return endpointStatus.toLowerCase() === SATISFYING_ENDPOINT_STATUS[action].toLowerCase();
}
