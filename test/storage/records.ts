import { randomUUID } from 'node:crypto';
import type { OperationRecord } from '../../src/domain/operation.js';

/** A valid operation record; override what the test is about. */
export function anOperationRecord(overrides: Partial<OperationRecord> = {}): OperationRecord {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    status: 'Running',
    action: 'suspend',
    target: {
      kind: 'customvoice-endpoint',
      resource: 'simulator',
      endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
    },
    createdDateTime: now,
    lastActionDateTime: now,
    requestedBy: { source: 'http' },
    requestHash: 'sha256:test',
    checkCount: 0,
    ...overrides,
  };
}

/** A record that is over: terminal, event published, nothing left for the poller. */
export function aFinishedRecord(overrides: Partial<OperationRecord> = {}): OperationRecord {
  return anOperationRecord({
    status: 'Succeeded',
    eventPublishedDateTime: new Date().toISOString(),
    ...overrides,
  });
}

export function minutesFrom(base: Date, minutes: number): string {
  return new Date(base.getTime() + minutes * 60_000).toISOString();
}
