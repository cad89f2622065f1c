import { AI_ERROR_CODES, AiServiceError } from '../../clients/errors.js';
import { isOnResourceHost } from '../../clients/operation-location.js';
import { sendAiRequest } from '../../clients/send-request.js';
import { parseBody } from '../../clients/service-call.js';
import type { AiResource, CallOptions, StatusReading } from '../../clients/types.js';
import { MAX_OPERATION_LOCATION_BYTES } from './operation-location.js';
import { statusMonitorBodySchema, type StatusMonitorBody } from './schemas.js';
import { mapAzureOperationStatus, SERVICE } from './statuses.js';

export interface AzureOperationClient {
  /** One `GET` of the status monitor, authenticated as the resource (its key or its Entra ID token). */
  read(operationLocation: string, options?: CallOptions): Promise<StatusReading<StatusMonitorBody>>;
}

/**
 * Reads a status monitor someone else started on the resource. The URL was checked when the command was
 * accepted; it is checked again here (same origin as the resource, no fragment, bounded length) because a
 * command can also reach the queue without passing that check, and the resource's credentials go wherever
 * this call goes.
 */
export function createAzureOperationClient(resource: AiResource): AzureOperationClient {
  return {
    async read(operationLocation, callOptions) {
      if (
        !isOnResourceHost(operationLocation, resource.endpoint) ||
        operationLocation.includes('#') ||
        new TextEncoder().encode(operationLocation).length > MAX_OPERATION_LOCATION_BYTES
      ) {
        throw new AiServiceError({
          service: SERVICE,
          code: AI_ERROR_CODES.InvalidArgument,
          message: `operationLocation is not a status monitor on resource '${resource.name}'.`,
          retryable: false,
          target: 'operationLocation',
        });
      }
      const response = await sendAiRequest(
        resource.pipeline,
        { service: SERVICE, method: 'GET', url: operationLocation, abortSignal: callOptions?.abortSignal },
        resource.secrets,
      );
      const body = parseBody(SERVICE, statusMonitorBodySchema, response.body, response.status);
      return {
        body,
        mapped: mapAzureOperationStatus(body.status),
        ...(response.retryAfterInMs !== undefined ? { retryAfterInMs: response.retryAfterInMs } : {}),
      };
    },
  };
}
