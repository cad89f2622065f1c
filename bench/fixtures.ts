import { randomUUID } from 'node:crypto';
import type { OperationRecord } from '../src/domain/operation.js';
import { DEFAULT_SIMULATOR_KEY } from '../src/simulator/server.js';

/** What the benchmarks' own clients send the simulator: its default key, the newest custom voice API. */
export const SIMULATOR_KEY = DEFAULT_SIMULATOR_KEY;
export const CUSTOM_VOICE_API_VERSION = '2026-01-01';

/**
 * A Running status check of a Face operation, as the executor leaves one after its first look: what
 * the memory and poller benchmarks seed by the thousand straight into storage.
 */
export function runningFaceCheck(options: {
  resource: string;
  faceOperationId: string;
  /** When it was created and last looked at. */
  at: Date;
  nextCheckAt: Date;
}): OperationRecord {
  const id = randomUUID();
  const at = options.at.toISOString();
  return {
    id,
    status: 'Running',
    action: 'status-check',
    target: { kind: 'face-operation', resource: options.resource, operationId: options.faceOperationId },
    createdDateTime: at,
    lastActionDateTime: at,
    upstream: { operationId: options.faceOperationId, status: 'running' },
    requestedBy: { source: 'http' },
    requestHash: id,
    checkCount: 1,
    nextCheckAt: options.nextCheckAt.toISOString(),
  };
}
