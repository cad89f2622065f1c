import type { HttpHeaders } from '@azure/core-rest-pipeline';
import { AI_ERROR_CODES, AiServiceError } from './errors.js';
import { customVoiceEndpointSchema, customVoiceOperationSchema } from './response-schemas.js';
import { sendAiRequest, type SecretSource } from './send-request.js';
import { buildUrl, parseBody } from './service-call.js';
import { mapCustomVoiceOperationStatus } from './status-mapping.js';
import type { AiPipeline } from './pipeline.js';
import type {
  CallOptions,
  CustomVoiceClient,
  CustomVoiceEndpoint,
  CustomVoiceOperation,
  LongRunningStart,
  StatusReading,
} from './types.js';
import { requireId } from './validation.js';

/** The api-version used when a resource names none: the current stable version (API-NOTES A). */
export const DEFAULT_CUSTOM_VOICE_API_VERSION = '2026-01-01';

export interface CustomVoiceClientOptions {
  /** The resource endpoint, e.g. `https://eastus.api.cognitive.microsoft.com`. */
  endpoint: string;
  /** Default `DEFAULT_CUSTOM_VOICE_API_VERSION`. */
  apiVersion?: string;
  pipeline: AiPipeline;
  secrets?: SecretSource;
}

const SERVICE = 'customvoice' as const;

/** Custom voice endpoints (Get, Suspend, Resume) and their operations (Operations - Get). */
export function createCustomVoiceClient(options: CustomVoiceClientOptions): CustomVoiceClient {
  const base = `${options.endpoint.replace(/\/+$/, '')}/customvoice`;
  const query = { 'api-version': options.apiVersion ?? DEFAULT_CUSTOM_VOICE_API_VERSION };
  const send = (
    method: 'GET' | 'POST',
    url: string,
    callOptions: CallOptions | undefined,
    headers?: Record<string, string>,
  ) =>
    sendAiRequest(
      options.pipeline,
      {
        service: SERVICE,
        method,
        url,
        abortSignal: callOptions?.abortSignal,
        ...(headers ? { headers } : {}),
      },
      options.secrets,
    );

  async function transition(
    verb: 'suspend' | 'resume',
    endpointId: string,
    operationId: string,
    callOptions?: CallOptions,
  ): Promise<LongRunningStart> {
    requireId(SERVICE, 'endpointId', 'uuid', endpointId);
    requireId(SERVICE, 'operationId', 'operationId', operationId);
    const url = buildUrl(base, ['endpoints', endpointId], { suffix: `:${verb}`, query });
    const response = await send('POST', url, callOptions, { 'Operation-Id': operationId });
    const endpoint = parseBody(SERVICE, customVoiceEndpointSchema, response.body, response.status);
    return {
      ...operationHeaders(response.headers, operationId, response.status),
      endpoint,
    };
  }

  return {
    async getEndpoint(endpointId: string, callOptions?: CallOptions): Promise<CustomVoiceEndpoint> {
      requireId(SERVICE, 'endpointId', 'uuid', endpointId);
      const response = await send('GET', buildUrl(base, ['endpoints', endpointId], { query }), callOptions);
      return parseBody(SERVICE, customVoiceEndpointSchema, response.body, response.status);
    },
    suspendEndpoint: (endpointId, operationId, callOptions) =>
      transition('suspend', endpointId, operationId, callOptions),
    resumeEndpoint: (endpointId, operationId, callOptions) =>
      transition('resume', endpointId, operationId, callOptions),
    async getOperation(
      operationId: string,
      callOptions?: CallOptions,
    ): Promise<StatusReading<CustomVoiceOperation>> {
      requireId(SERVICE, 'operationId', 'operationId', operationId);
      const response = await send('GET', buildUrl(base, ['operations', operationId], { query }), callOptions);
      const body = parseBody(SERVICE, customVoiceOperationSchema, response.body, response.status);
      return {
        body,
        mapped: mapCustomVoiceOperationStatus(body.status),
        ...(response.retryAfterInMs !== undefined ? { retryAfterInMs: response.retryAfterInMs } : {}),
      };
    },
  };
}

/**
 * The status monitor of a started suspend/resume. The service echoes the caller's `Operation-Id`; if it
 * ever names another, its word wins. Without `Operation-Location` we cannot follow the work: that is an
 * `InvalidResponse`.
 */
function operationHeaders(
  headers: HttpHeaders,
  sentOperationId: string,
  statusCode: number,
): { operationId: string; operationLocation: string } {
  const operationLocation = headers.get('operation-location')?.trim();
  if (!operationLocation) {
    throw new AiServiceError({
      service: SERVICE,
      code: AI_ERROR_CODES.InvalidResponse,
      message: `The service answered ${statusCode} without an Operation-Location header.`,
      statusCode,
      retryable: false,
    });
  }
  return { operationId: headers.get('operation-id')?.trim() || sentOperationId, operationLocation };
}
