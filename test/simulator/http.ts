import { DEFAULT_SIMULATOR_KEY } from '../../src/simulator/server.js';

/** Helpers for calling the simulator the way a client of the real services would. */

export const KEY_HEADER = { 'Ocp-Apim-Subscription-Key': DEFAULT_SIMULATOR_KEY } as const;

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (undefined for an empty body), typed as the caller expects it. */
  body: T;
}

export interface ErrorBody {
  error: { code: string; message: string; target?: string };
}

export interface EndpointBody {
  id: string;
  description: string;
  projectId: string;
  modelId: string;
  properties: { kind: string };
  status: string;
  createdDateTime: string;
  lastActionDateTime: string;
}

export async function call<T = unknown>(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...KEY_HEADER, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  const body = (text === '' ? undefined : JSON.parse(text)) as T;
  return { status: response.status, headers: response.headers, body };
}

export const cv = {
  endpoint: (id: string, apiVersion = '2026-01-01') =>
    `/customvoice/endpoints/${id}?api-version=${apiVersion}`,
  action: (id: string, verb: 'suspend' | 'resume', apiVersion = '2026-01-01') =>
    `/customvoice/endpoints/${id}:${verb}?api-version=${apiVersion}`,
  operation: (id: string, apiVersion = '2026-01-01') =>
    `/customvoice/operations/${id}?api-version=${apiVersion}`,
};

export const facePath = (operationId: string) => `/face/v1.0-preview/operations/${operationId}`;

export const qnaPath = (project: string, job: string, apiVersion = '2023-04-01') =>
  `/language/authoring/query-knowledgebases/projects/${project}/qnas/jobs/${job}?api-version=${apiVersion}`;

/** Every error of every service: `{ error: { code, message } }` and `x-ms-error-code` equal to the code. */
export function errorCodeOf(answer: Answer): string {
  const error = (answer.body as Partial<ErrorBody> | undefined)?.error;
  const code = error?.code;
  if (typeof code !== 'string' || typeof error?.message !== 'string') {
    throw new Error(`Not an error body: ${JSON.stringify(answer.body)}`);
  }
  if (answer.headers.get('x-ms-error-code') !== code) {
    throw new Error(
      `x-ms-error-code ${answer.headers.get('x-ms-error-code')} differs from error.code ${code}`,
    );
  }
  return code;
}
