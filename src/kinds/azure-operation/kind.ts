import { z } from 'zod';
import type { StatusReading } from '../../clients/types.js';
import { resourceNameSchema } from '../../domain/command-schema.js';
import { defineKind, type KindSteps } from '../../engine/kind.js';
import { createAzureOperationClient } from './client.js';
import { interpretStatusMonitor } from './interpret.js';
import { checkOperationLocation } from './operation-location.js';
import type { StatusMonitorBody } from './schemas.js';

/**
 * The length and form of `operationLocation` are checked by `checkTarget` with their own error codes
 * (`OperationLocationTooLong`, ...); the schema only bounds what a request may carry at all.
 */
export const azureOperationTargetSchema = z.strictObject({
  kind: z.literal('azure-operation'),
  resource: resourceNameSchema,
  operationLocation: z.string().min(1).max(16_384),
});
export type AzureOperationTarget = z.infer<typeof azureOperationTargetSchema>;

/** The last path segment of the monitor, which is the operation's id for all the services followed. */
function idOf(operationLocation: string): string | undefined {
  try {
    const last = new URL(operationLocation).pathname.split('/').pop();
    return last ? last : undefined;
  } catch {
    return undefined;
  }
}

/** Follows any Azure AI status monitor (`Operation-Location`) on the resource's own host until it ends. */
const checkSteps: KindSteps<AzureOperationTarget, StatusReading<StatusMonitorBody>> = {
  upstreamIdOf: (target) => idOf(target.operationLocation),
  upstreamLocationOf: (target) => target.operationLocation,
  read: ({ target, resource }) => createAzureOperationClient(resource).read(target.operationLocation),
  interpret: (reading, { now }) => interpretStatusMonitor(reading, now),
};

export const azureOperationKind = defineKind<AzureOperationTarget>({
  name: 'azure-operation',
  targetSchema: azureOperationTargetSchema,
  describe: (target) => {
    const id = idOf(target.operationLocation);
    return id ? `operation ${id} on ${target.resource}` : `operation on ${target.resource}`;
  },
  actions: { 'status-check': checkSteps },
  checkTarget: (target, resource) => {
    const check = checkOperationLocation(target.operationLocation, resource.endpoint, {
      allowLoopbackHttp: resource.allowLoopbackHttp ?? false,
    });
    return check.ok
      ? undefined
      : { code: check.code, message: check.message, target: 'target.operationLocation' };
  },
});
