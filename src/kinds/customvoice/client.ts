import type { HttpHeaders } from '@azure/core-rest-pipeline';
import { AI_ERROR_CODES, AiServiceError } from '../../clients/errors.js';
import { isOnResourceHost } from '../../clients/operation-location.js';
import { sendAiRequest } from '../../clients/send-request.js';
import { buildUrl, parseBody } from '../../clients/service-call.js';
import type { AiResource, CallOptions, StatusReading } from '../../clients/types.js';
import { OPERATION_ID, requireId, UUID_ID } from '../../clients/validation.js';
import {
  customVoiceEndpointSchema,
  customVoiceOperationSchema,
  type CustomVoiceEndpoint,
  type CustomVoiceOperation,
} from './schemas.js';
import { mapCustomVoiceOperationStatus, SERVICE } from './statuses.js';

/** The api-version used when a resource names none: the current stable version (API-NOTES A). */
const DEFAULT_CUSTOM_VOICE_API_VERSION = '2026-01-01';

/** The `AI_RESOURCES` entry field that picks another api-version for a resource. */
const API_VERSION_SETTING = 'customVoiceApiVersion';

export interface LongRunningStart {
  operationId: string;
  operationLocation: string;
  endpoint: CustomVoiceEndpoint;
  /** The start answer's Retry-After, when it sent one: the first status look waits that long. */
  retryAfterInMs?: number;
}

export interface CustomVoiceClient {
  getEndpoint(endpointId: string, options?: CallOptions): Promise<CustomVoiceEndpoint>;
  /** Sends `Operation-Id: operationId`, so a retry of the same command is recognised by the service. */
  suspendEndpoint(endpointId: string, operationId: string, options?: CallOptions): Promise<LongRunningStart>;
  resumeEndpoint(endpointId: string, operationId: string, options?: CallOptions): Promise<LongRunningStart>;
  getOperation(operationId: string, options?: CallOptions): Promise<StatusReading<CustomVoiceOperation>>;
  /**
   * Reads the status monitor the service named in `Operation-Location`, when it is on the resource's own
   * host; otherwise (or when none was recorded) the operation `operationId` at its usual address.
   */
  followOperation(
    operationLocation: string | undefined,
    operationId: string,
    options?: CallOptions,
  ): Promise<StatusReading<CustomVoiceOperation>>;
}

/** Custom voice endpoints (Get, Suspend, Resume) and their operations (Operations - Get). */
export function createCustomVoiceClient(resource: AiResource): CustomVoiceClient {
  const base = `${resource.endpoint.replace(/\/+$/, '')}/customvoice`;
  const query = {
    'api-version': resource.apiVersions[API_VERSION_SETTING] ?? DEFAULT_CUSTOM_VOICE_API_VERSION,
  };
  const send = (
    method: 'GET' | 'POST',
    url: string,
    callOptions: CallOptions | undefined,
    headers?: Record<string, string>,
  ) =>
    sendAiRequest(
      resource.pipeline,
      {
        service: SERVICE,
        method,
        url,
        abortSignal: callOptions?.abortSignal,
        ...(headers ? { headers } : {}),
      },
      resource.secrets,
    );

  async function transition(
    verb: 'suspend' | 'resume',
    endpointId: string,
    operationId: string,
    callOptions?: CallOptions,
  ): Promise<LongRunningStart> {
    requireId(SERVICE, 'endpointId', UUID_ID, endpointId);
    requireId(SERVICE, 'operationId', OPERATION_ID, operationId);
    const url = buildUrl(base, ['endpoints', endpointId], { suffix: `:${verb}`, query });
    const response = await send('POST', url, callOptions, { 'Operation-Id': operationId });
    const endpoint = parseBody(SERVICE, customVoiceEndpointSchema, response.body, response.status);
    return {
      ...operationHeaders(response.headers, operationId, response.status),
      endpoint,
      ...(response.retryAfterInMs !== undefined ? { retryAfterInMs: response.retryAfterInMs } : {}),
    };
  }

  async function readOperation(
    url: string,
    callOptions?: CallOptions,
  ): Promise<StatusReading<CustomVoiceOperation>> {
    const response = await send('GET', url, callOptions);
    const body = parseBody(SERVICE, customVoiceOperationSchema, response.body, response.status);
    return {
      body,
      mapped: mapCustomVoiceOperationStatus(body.status),
      ...(response.retryAfterInMs !== undefined ? { retryAfterInMs: response.retryAfterInMs } : {}),
    };
  }

  const operationUrl = (operationId: string) => {
    requireId(SERVICE, 'operationId', OPERATION_ID, operationId);
    return buildUrl(base, ['operations', operationId], { query });
  };

  return {
    async getEndpoint(endpointId: string, callOptions?: CallOptions): Promise<CustomVoiceEndpoint> {
      requireId(SERVICE, 'endpointId', UUID_ID, endpointId);
      const response = await send('GET', buildUrl(base, ['endpoints', endpointId], { query }), callOptions);
      return parseBody(SERVICE, customVoiceEndpointSchema, response.body, response.status);
    },
    suspendEndpoint: (endpointId, operationId, callOptions) =>
      transition('suspend', endpointId, operationId, callOptions),
    resumeEndpoint: (endpointId, operationId, callOptions) =>
      transition('resume', endpointId, operationId, callOptions),
    getOperation: async (operationId, callOptions) => readOperation(operationUrl(operationId), callOptions),
    followOperation: async (operationLocation, operationId, callOptions) =>
      readOperation(
        operationLocation && isOnResourceHost(operationLocation, resource.endpoint)
          ? operationLocation
          : operationUrl(operationId),
        callOptions,
      ),
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
