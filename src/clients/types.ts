import type { OperationStatus } from '../domain/operation.js';

/**
 * The AI service clients the executor and poller use. One implementation per service
 * (`custom-voice-client.ts`, `face-client.ts`, `qna-client.ts`) over one `@azure/core-rest-pipeline`
 * pipeline per resource (`pipeline.ts`), built by `createAiClientRegistry` (`registry.ts`).
 * Every failure, a malformed id included, is an `AiServiceError` (`errors.ts`); no method throws anything
 * else. Status words are mapped by the pure functions of `status-mapping.ts`.
 */

/** A service status word mapped to the product's vocabulary, keeping the service's own word. */
export interface MappedStatus {
  status: OperationStatus;
  upstreamStatus: string;
}

export interface CustomVoiceEndpoint {
  id: string;
  displayName?: string;
  description?: string;
  projectId: string;
  modelId: string;
  properties: { kind: string };
  /** NotStarted | Running | Succeeded | Failed | Disabling | Disabled */
  status: string;
  createdDateTime: string;
  lastActionDateTime: string;
}

export interface LongRunningStart {
  operationId: string;
  operationLocation: string;
  endpoint: CustomVoiceEndpoint;
}

export interface StatusReading<T> {
  body: T;
  mapped: MappedStatus;
  /** From the service's `Retry-After`/`retry-after-ms` header, when it sent one. */
  retryAfterInMs?: number;
}

export interface CustomVoiceOperation {
  id: string;
  status: string;
}

export interface FaceOperation {
  status: string;
  createdTime: string;
  lastActionTime?: string;
  finishedTime?: string;
  resourceLocation?: string;
  message?: string | null;
}

export interface QnaServiceError {
  code: string;
  message: string;
  target?: string;
  details?: QnaServiceError[];
}

export interface QnaJob {
  jobId: string;
  status: string;
  createdDateTime: string;
  lastUpdatedDateTime: string;
  expirationDateTime?: string;
  errors?: QnaServiceError[];
}

export interface CallOptions {
  /** Cancels the call; it then fails with code `Aborted`. The call also has its own timeout. */
  abortSignal?: AbortSignal;
}

export interface CustomVoiceClient {
  getEndpoint(endpointId: string, options?: CallOptions): Promise<CustomVoiceEndpoint>;
  /** Sends `Operation-Id: operationId`, so a retry of the same command is recognised by the service. */
  suspendEndpoint(endpointId: string, operationId: string, options?: CallOptions): Promise<LongRunningStart>;
  resumeEndpoint(endpointId: string, operationId: string, options?: CallOptions): Promise<LongRunningStart>;
  getOperation(operationId: string, options?: CallOptions): Promise<StatusReading<CustomVoiceOperation>>;
}

export interface FaceClient {
  getOperation(operationId: string, options?: CallOptions): Promise<StatusReading<FaceOperation>>;
}

export interface QnaClient {
  getUpdateQnasJob(projectName: string, jobId: string, options?: CallOptions): Promise<StatusReading<QnaJob>>;
}

export interface AiResourceClients {
  customVoice: CustomVoiceClient;
  face: FaceClient;
  qna: QnaClient;
}

/** Looks up the clients of a configured AI resource by its name; throws `UnknownResourceError`. */
export interface AiClientRegistry {
  has(resource: string): boolean;
  names(): string[];
  forResource(resource: string): AiResourceClients;
}
