import {
  createHttpHeaders,
  createPipelineRequest,
  isRestError,
  type HttpHeaders,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { parseRetryAfterInMs } from '../shared/retry-after.js';
import { isRetryableStatus } from '../shared/retryable-status.js';
import { isPlainHttpLoopback } from './auth-policies.js';
import { AI_ERROR_CODES, AiServiceError, type AiServiceName } from './errors.js';
import { parseServiceError, redactSecrets } from './error-body.js';
import type { AiPipeline } from './pipeline.js';

/** One call to a service, as the per-service clients describe it. */
export interface AiRequest {
  service: AiServiceName;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  abortSignal?: AbortSignal | undefined;
}

/** A 2xx answer with its JSON body parsed (not yet checked against a schema). */
export interface AiResponse {
  status: number;
  headers: HttpHeaders;
  body: unknown;
  /** The wait the service asked for on this answer (a status monitor may send one), if any. */
  retryAfterInMs?: number;
}

/** Secrets that must never appear in an error message (the key of a key-auth resource). */
export type SecretSource = () => readonly string[];

/**
 * Sends one request through the resource's pipeline and returns its 2xx JSON answer; anything else
 * becomes one `AiServiceError`. The whole call, retries and inline waits included, is bounded by
 * `limits.timeoutInMs`.
 */
export async function sendAiRequest(
  ai: AiPipeline,
  call: AiRequest,
  secrets: SecretSource = () => [],
): Promise<AiResponse> {
  const deadline = AbortSignal.timeout(ai.limits.timeoutInMs);
  const abortSignal = call.abortSignal ? AbortSignal.any([call.abortSignal, deadline]) : deadline;
  const headers = createHttpHeaders({ Accept: 'application/json', ...call.headers });
  // The docs' curl sends an empty POST as JSON with an explicit zero length.
  if (call.method === 'POST') {
    headers.set('Content-Type', 'application/json');
    headers.set('Content-Length', '0');
  }
  const request = createPipelineRequest({
    url: call.url,
    method: call.method,
    headers,
    abortSignal,
    // The configuration accepts plain http only for loopback (the simulator); the library refuses it otherwise.
    allowInsecureConnection: isPlainHttpLoopback(call.url),
  });

  let response: PipelineResponse;
  try {
    response = await ai.pipeline.sendRequest(ai.httpClient, request);
  } catch (error) {
    if (isRestError(error) && error.response) {
      response = error.response;
    } else {
      throw transportError(call, error, deadline, secrets);
    }
  }
  return readResponse(call.service, response, secrets);
}

function readResponse(service: AiServiceName, response: PipelineResponse, secrets: SecretSource): AiResponse {
  const retryAfterInMs = parseRetryAfterInMs(response.headers);
  if (response.status < 200 || response.status > 299) {
    const parsed = parseServiceError(
      response.status,
      response.bodyAsText ?? undefined,
      response.headers.get('x-ms-error-code'),
    );
    throw new AiServiceError({
      service,
      code: parsed.code,
      message: redactSecrets(parsed.message, secrets()),
      statusCode: response.status,
      retryable: isRetryableStatus(response.status),
      ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}),
      ...(parsed.target !== undefined ? { target: parsed.target } : {}),
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(response.bodyAsText ?? '') as unknown;
  } catch (error) {
    throw new AiServiceError(
      {
        service,
        code: AI_ERROR_CODES.InvalidResponse,
        message: `The service answered ${response.status} with a body that is not JSON.`,
        statusCode: response.status,
        retryable: false,
      },
      { cause: error },
    );
  }
  return {
    status: response.status,
    headers: response.headers,
    body,
    ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}),
  };
}

/** No answer arrived: our deadline, the caller's abort, the network, or the credential. */
function transportError(
  call: AiRequest,
  error: unknown,
  deadline: AbortSignal,
  secrets: SecretSource,
): AiServiceError {
  const service = call.service;
  const rawMessage = error instanceof Error ? error.message : String(error);
  const detail = redactSecrets(rawMessage, secrets());
  const cause = { cause: Object.assign(new Error(detail), { name: errorName(error) }) };
  if (call.abortSignal?.aborted) {
    return new AiServiceError(
      { service, code: AI_ERROR_CODES.Aborted, message: 'The call was cancelled.', retryable: true },
      cause,
    );
  }
  if (deadline.aborted) {
    return new AiServiceError(
      {
        service,
        code: AI_ERROR_CODES.Timeout,
        message: 'The service did not answer in time.',
        retryable: true,
      },
      cause,
    );
  }
  if (isRestError(error)) {
    return new AiServiceError(
      {
        service,
        code: AI_ERROR_CODES.NetworkError,
        message: `The service could not be reached (${error.code ?? 'network error'}).`,
        retryable: true,
      },
      cause,
    );
  }
  const name = errorName(error);
  if (/Credential|Authentication/.test(name)) {
    return new AiServiceError(
      {
        service,
        code: AI_ERROR_CODES.AuthenticationFailed,
        message: `No access token for the AI resource (${name}): ${detail}`,
        // A token endpoint can be briefly down; an unavailable credential is a setup problem.
        retryable: name !== 'CredentialUnavailableError',
      },
      cause,
    );
  }
  return new AiServiceError(
    {
      service,
      code: AI_ERROR_CODES.ClientError,
      message: `The request could not be sent: ${detail}`,
      retryable: false,
    },
    cause,
  );
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
