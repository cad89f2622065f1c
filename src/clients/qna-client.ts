import type { AiPipeline } from './pipeline.js';
import { qnaJobSchema } from './response-schemas.js';
import { sendAiRequest, type SecretSource } from './send-request.js';
import { buildUrl, parseBody } from './service-call.js';
import { mapQnaJobStatus } from './status-mapping.js';
import type { CallOptions, QnaClient, QnaJob, StatusReading } from './types.js';
import { requireId } from './validation.js';

/** The stable question answering authoring version that has Get Update Qnas Status (API-NOTES D). */
export const QNA_API_VERSION = '2023-04-01';

export interface QnaClientOptions {
  /** The resource endpoint; the client adds `/language`. */
  endpoint: string;
  pipeline: AiPipeline;
  secrets?: SecretSource;
}

const SERVICE = 'qna' as const;

/** Question answering authoring: Projects - Get Update Qnas Status. */
export function createQnaClient(options: QnaClientOptions): QnaClient {
  const base = `${options.endpoint.replace(/\/+$/, '')}/language`;
  return {
    async getUpdateQnasJob(
      projectName: string,
      jobId: string,
      callOptions?: CallOptions,
    ): Promise<StatusReading<QnaJob>> {
      requireId(SERVICE, 'projectName', 'projectName', projectName);
      requireId(SERVICE, 'jobId', 'jobId', jobId);
      const url = buildUrl(
        base,
        ['authoring', 'query-knowledgebases', 'projects', projectName, 'qnas', 'jobs', jobId],
        { query: { 'api-version': QNA_API_VERSION } },
      );
      const response = await sendAiRequest(
        options.pipeline,
        { service: SERVICE, method: 'GET', url, abortSignal: callOptions?.abortSignal },
        options.secrets,
      );
      const body = parseBody(SERVICE, qnaJobSchema, response.body, response.status);
      return {
        body,
        mapped: mapQnaJobStatus(body.status),
        ...(response.retryAfterInMs !== undefined ? { retryAfterInMs: response.retryAfterInMs } : {}),
      };
    },
  };
}
