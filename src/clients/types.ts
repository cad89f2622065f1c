import type { OperationStatus } from '../domain/operation.js';
import type { AiPipeline } from './pipeline.js';
import type { RequestBudget } from './request-budget.js';
import type { SecretSource } from './send-request.js';

/**
 * What every operation kind's client is built from: one configured AI resource with its own
 * `@azure/core-rest-pipeline` pipeline (`pipeline.ts`), built once by `createAiResourceRegistry`
 * (`registry.ts`). The clients themselves live with their kinds (`src/kinds/<kind>/client.ts`); every
 * failure they report, a malformed id included, is an `AiServiceError` (`errors.ts`).
 */
export interface AiResource {
  /** The name commands use in `target.resource`. */
  name: string;
  /** The resource endpoint without a trailing slash, e.g. `https://eastus.api.cognitive.microsoft.com`. */
  endpoint: string;
  pipeline: AiPipeline;
  /** Secrets that must never appear in an error message (the resource key). */
  secrets: SecretSource;
  /** Per-resource api-version choices, by the setting name of `AI_RESOURCES` (e.g. `customVoiceApiVersion`). */
  apiVersions: Readonly<Record<string, string>>;
  /**
   * This process's pace towards the resource and its 429 hold-back, shared by every step that calls it
   * (`AI_RESOURCES[name].maxRequestsPerSecond`); the engine asks it before a step (`engine/pacing.ts`).
   */
  budget: RequestBudget;
}

/** Looks up a configured AI resource by its name; `forResource` throws `UnknownResourceError`. */
export interface AiResourceRegistry {
  has(resource: string): boolean;
  names(): string[];
  forResource(resource: string): AiResource;
}

/** A service status word mapped to the product's vocabulary, keeping the service's own word. */
export interface MappedStatus {
  status: OperationStatus;
  upstreamStatus: string;
}

/** One status read: the service's body, its word mapped, and the wait it asked for. */
export interface StatusReading<T> {
  body: T;
  mapped: MappedStatus;
  /** From the service's `Retry-After`/`retry-after-ms` header, when it sent one. */
  retryAfterInMs?: number;
}

export interface CallOptions {
  /** Cancels the call; it then fails with code `Aborted`. The call also has its own timeout. */
  abortSignal?: AbortSignal;
}
