import { sendAiRequest } from '../../clients/send-request.js';
import { buildUrl, parseBody } from '../../clients/service-call.js';
import type { AiResource, CallOptions, StatusReading } from '../../clients/types.js';
import { requireId, UUID_ID } from '../../clients/validation.js';
import { faceOperationSchema, type FaceOperation } from './schemas.js';
import { mapFaceOperationStatus, SERVICE } from './statuses.js';

export interface FaceClient {
  getOperation(operationId: string, options?: CallOptions): Promise<StatusReading<FaceOperation>>;
}

/**
 * Face snapshot operations: Snapshot - Get Operation Status. The version is in the path
 * (`/face/v1.0-preview`); there is no api-version.
 */
export function createFaceClient(resource: AiResource): FaceClient {
  const base = `${resource.endpoint.replace(/\/+$/, '')}/face/v1.0-preview`;
  return {
    async getOperation(
      operationId: string,
      callOptions?: CallOptions,
    ): Promise<StatusReading<FaceOperation>> {
      requireId(SERVICE, 'operationId', UUID_ID, operationId);
      const response = await sendAiRequest(
        resource.pipeline,
        {
          service: SERVICE,
          method: 'GET',
          url: buildUrl(base, ['operations', operationId]),
          abortSignal: callOptions?.abortSignal,
        },
        resource.secrets,
      );
      const body = parseBody(SERVICE, faceOperationSchema, response.body, response.status);
      return {
        body,
        mapped: mapFaceOperationStatus(body.status),
        ...(response.retryAfterInMs !== undefined ? { retryAfterInMs: response.retryAfterInMs } : {}),
      };
    },
  };
}
