import type { AiResourceClients } from '../clients/types.js';
import {
  interpretCustomVoiceOperation,
  interpretEndpointCheck,
  interpretEndpointTransition,
  interpretFaceOperation,
  interpretQnaJob,
} from '../domain/interpret.js';
import type { OperationRecord, Target } from '../domain/operation.js';
import type { Outcome } from '../domain/outcome.js';

/** Reads the current state of whatever a status-check targets. */
export async function checkTarget(target: Target, clients: AiResourceClients, now: Date): Promise<Outcome> {
  switch (target.kind) {
    case 'customvoice-endpoint':
      return interpretEndpointCheck(await clients.customVoice.getEndpoint(target.endpointId));
    case 'customvoice-operation':
      return interpretCustomVoiceOperation(await clients.customVoice.getOperation(target.operationId));
    case 'face-operation':
      return interpretFaceOperation(await clients.face.getOperation(target.operationId));
    case 'qna-job':
      return interpretQnaJob(await clients.qna.getUpdateQnasJob(target.projectName, target.jobId), now);
  }
}

/**
 * One look at a Running operation. A suspend or resume is followed through its custom voice operation;
 * when that is over, the endpoint is read once for the result.
 */
export async function observeRunning(
  record: OperationRecord,
  clients: AiResourceClients,
  now: Date,
): Promise<Outcome> {
  if (record.action === 'status-check') return checkTarget(record.target, clients, now);
  if (record.target.kind !== 'customvoice-endpoint' || !record.upstream?.operationId) {
    throw new Error(`Operation '${record.id}' is Running without an upstream operation to follow.`);
  }
  const reading = await clients.customVoice.getOperation(record.upstream.operationId);
  if (reading.mapped.status === 'NotStarted' || reading.mapped.status === 'Running') {
    return interpretEndpointTransition(record.action, reading, undefined);
  }
  const endpoint = await clients.customVoice.getEndpoint(record.target.endpointId);
  return interpretEndpointTransition(record.action, reading, endpoint);
}

/** The upstream id a status-check follows, shown in the resource's `upstream.operationId`. */
export function upstreamIdOf(target: Target): string {
  switch (target.kind) {
    case 'customvoice-endpoint':
      return target.endpointId;
    case 'customvoice-operation':
    case 'face-operation':
      return target.operationId;
    case 'qna-job':
      return target.jobId;
  }
}
