import {
  createDefaultHttpClient,
  createEmptyPipeline,
  retryPolicy,
  setClientRequestIdPolicy,
  userAgentPolicy,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import { aiRequestPolicy } from '../telemetry/ai-request-policy.js';
import { authPolicy, type AiAuth } from './auth-policies.js';
import { inlineRetryStrategy } from './retry-strategy.js';

/** Limits of one client call; shared by the three services of a resource. */
export interface AiCallLimits {
  /** Retries inside one call (on 429, 5xx, 408 and network failures). Default 3. */
  maxRetries: number;
  /** Longest wait taken inside one call before a retry; a longer one ends the call. Default 2000. */
  maxInlineRetryDelayInMs: number;
  /** Budget of one whole call, retries and waits included (`AI_REQUEST_TIMEOUT_SECONDS`). Default 30000. */
  timeoutInMs: number;
}

export const DEFAULT_CALL_LIMITS = {
  maxRetries: 3,
  maxInlineRetryDelayInMs: 2000,
  timeoutInMs: 30_000,
} as const satisfies AiCallLimits;

export interface AiPipelineOptions {
  auth: AiAuth;
  limits: AiCallLimits;
  /** One HTTP client (one connection pool) is shared by every pipeline; created when absent. */
  httpClient?: HttpClient;
}

export interface AiPipeline {
  pipeline: Pipeline;
  httpClient: HttpClient;
  limits: AiCallLimits;
}

/**
 * The pipeline of one resource: user agent, then the library's `retryPolicy` with our inline strategy,
 * then auth in the Sign phase so every attempt is signed afresh (a token may be refreshed between tries).
 * No logging policy: the default one would log headers and URLs we do not need. Tracing is our own
 * policy, so spans carry the product's attributes and need no Azure SDK tracing bridge.
 */
export function createAiPipeline(options: AiPipelineOptions): AiPipeline {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: 'cognitive-ops' }));
  // A client request id per call, kept across its retries, lets the service's own logs be matched to ours.
  pipeline.addPolicy(setClientRequestIdPolicy());
  pipeline.addPolicy(
    retryPolicy([inlineRetryStrategy({ maxInlineRetryDelayInMs: options.limits.maxInlineRetryDelayInMs })], {
      maxRetries: options.limits.maxRetries,
    }),
    { phase: 'Retry' },
  );
  // Inside the retry loop: one client span (and one request count) per attempt.
  pipeline.addPolicy(aiRequestPolicy(), { afterPhase: 'Retry' });
  pipeline.addPolicy(authPolicy(options.auth), { phase: 'Sign' });
  return {
    pipeline,
    httpClient: options.httpClient ?? createDefaultHttpClient(),
    limits: options.limits,
  };
}
