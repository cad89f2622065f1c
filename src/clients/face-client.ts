import type { AiPipeline } from './pipeline.js';
import { faceOperationSchema } from './response-schemas.js';
import { sendAiRequest, type SecretSource } from './send-request.js';
import { buildUrl, parseBody } from './service-call.js';
import { mapFaceOperationStatus } from './status-mapping.js';
import type { CallOptions, FaceClient, FaceOperation, StatusReading } from './types.js';
import { requireId } from './validation.js';

export interface FaceClientOptions {
  /** The resource endpoint; the version is in the path (`/face/v1.0-preview`), there is no api-version. */
  endpoint: string;
  pipeline: AiPipeline;
  secrets?: SecretSource;
}

const SERVICE = 'face' as const;

/** Face snapshot operations: Snapshot - Get Operation Status. */
export function createFaceClient(options: FaceClientOptions): FaceClient {
  const base = `${options.endpoint.replace(/\/+$/, '')}/face/v1.0-preview`;
  return {
    async getOperation(
      operationId: string,
      callOptions?: CallOptions,
    ): Promise<StatusReading<FaceOperation>> {
      requireId(SERVICE, 'operationId', 'uuid', operationId);
      const response = await sendAiRequest(
        options.pipeline,
        {
          service: SERVICE,
          method: 'GET',
          url: buildUrl(base, ['operations', operationId]),
          abortSignal: callOptions?.abortSignal,
        },
        options.secrets,
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
