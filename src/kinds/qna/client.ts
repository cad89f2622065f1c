import { sendAiRequest } from '../../clients/send-request.js';
import { buildUrl, parseBody } from '../../clients/service-call.js';
import type { AiResource, CallOptions, StatusReading } from '../../clients/types.js';
import { requireId, type IdRule } from '../../clients/validation.js';
import { qnaJobSchema, type QnaJob } from './schemas.js';
import { mapQnaJobStatus, SERVICE } from './statuses.js';

/** The stable question answering authoring version that has Get Update Qnas Status (API-NOTES D). */
const QNA_API_VERSION = '2023-04-01';

/** Project names: up to 100 letters, digits and dashes, alphanumeric at both ends (API-NOTES D). */
const PROJECT_NAME_PATTERN = /^(?=[a-zA-Z0-9])[a-zA-Z0-9-]{0,98}[a-zA-Z0-9]$/;
export const PROJECT_NAME: IdRule = {
  pattern: PROJECT_NAME_PATTERN,
  description: '1-100 letters, digits and dashes (alphanumeric at both ends)',
};

/**
 * Job ids have no published pattern: any printable characters (the path segment is encoded), but not `.`
 * or `..`, which URL resolution would treat as a step up the path even when encoded.
 */
export const JOB_ID: IdRule = {
  pattern: /^(?!\.{1,2}$)[^\s\p{Cc}]{1,256}$/u,
  description: "1-256 printable characters without spaces, not '.' or '..'",
};

export interface QnaClient {
  getUpdateQnasJob(projectName: string, jobId: string, options?: CallOptions): Promise<StatusReading<QnaJob>>;
}

/** Question answering authoring: Projects - Get Update Qnas Status (under `/language`). */
export function createQnaClient(resource: AiResource): QnaClient {
  const base = `${resource.endpoint.replace(/\/+$/, '')}/language`;
  return {
    async getUpdateQnasJob(
      projectName: string,
      jobId: string,
      callOptions?: CallOptions,
    ): Promise<StatusReading<QnaJob>> {
      requireId(SERVICE, 'projectName', PROJECT_NAME, projectName);
      requireId(SERVICE, 'jobId', JOB_ID, jobId);
      const url = buildUrl(
        base,
        ['authoring', 'query-knowledgebases', 'projects', projectName, 'qnas', 'jobs', jobId],
        { query: { 'api-version': QNA_API_VERSION } },
      );
      const response = await sendAiRequest(
        resource.pipeline,
        { service: SERVICE, method: 'GET', url, abortSignal: callOptions?.abortSignal },
        resource.secrets,
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
