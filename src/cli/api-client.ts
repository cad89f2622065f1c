/**
 * The CLI's only way to the app: its public HTTP API. Errors come back in the Azure shape and are kept
 * as such, so the user sees the same code and message a curl would show.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: Array<{ code: string; message: string; target?: string }>;
}

/** The app answered with a non-2xx status. */
export class ApiResponseError extends Error {
  override readonly name = 'ApiResponseError';
  constructor(
    readonly status: number,
    readonly error: ApiErrorBody,
    /** Seconds from the answer's `Retry-After`, when it had one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${error.code}: ${error.message}`);
  }
}

/** The app could not be reached at all (nothing listening, DNS, TLS). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ApiClientOptions {
  /** `http://127.0.0.1:7071`, with or without a trailing `/api`. */
  baseUrl: string;
  /** Function key, sent as `x-functions-key` (never in a URL, so it never shows up in a message). */
  key?: string;
  fetch?: typeof fetch;
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly key: string | undefined;
  private readonly fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    // A URL copied from the portal may carry the key as `?code=`; it is used like --key, never shown.
    this.key = options.key || new URL(options.baseUrl).searchParams.get('code') || undefined;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** `path` is under `/api` (`operations/abc`), or an absolute URL the app gave us (a `nextLink`). */
  async request(path: string, init: ApiRequest = {}): Promise<ApiResponse> {
    const url = /^https?:\/\//i.test(path) ? path : `${this.baseUrl}/api/${path.replace(/^\/+/, '')}`;
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.key) headers['x-functions-key'] = this.key;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    let response: Response;
    try {
      response = await this.fetch(url, { method: init.method ?? 'GET', headers, body });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      const reason = cause instanceof Error ? ((cause as { code?: string }).code ?? cause.message) : '';
      throw new ConnectionError(
        `Cannot reach cognitive-ops at ${withoutQuery(url)}${reason ? ` (${reason})` : ''}. ` +
          'Is it running (npm start)? Set --url or COGOPS_URL to where it is.',
      );
    }
    const text = await response.text();
    const parsed = parseBody(text);
    if (!response.ok) {
      throw new ApiResponseError(
        response.status,
        azureError(parsed) ?? {
          code: `Http${response.status}`,
          message: text.trim().slice(0, 200) || response.statusText || 'No error body.',
        },
        retryAfterSeconds(response.headers),
      );
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConnectionError(`'${raw}' is not a URL; --url and COGOPS_URL take e.g. http://127.0.0.1:7071.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConnectionError(`'${url.protocol}' is not supported; use an http: or https: URL.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

/** A URL as it may be shown: a `?code=` someone put in it is a key, so the query never is. */
export function withoutQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}

/** `Retry-After` in whole seconds (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function azureError(body: unknown): ApiErrorBody | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = body.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return error as ApiErrorBody;
}
