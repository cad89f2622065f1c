import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { clientSpanPolicy } from './client-span-policy.js';
import { recordUpstreamRequest } from './metrics.js';
import { ATTR } from './names.js';

/**
 * Calls to the AI services: a client span per attempt carrying the service and, when the answer has
 * one, the service's own status word; and one `cogops.upstream.requests` count per attempt.
 */
export function aiRequestPolicy(): PipelinePolicy {
  return clientSpanPolicy({
    name: 'cogopsAiRequest',
    attributesOf: (url) => ({ [ATTR.service]: serviceOf(url) }),
    responseAttributesOf: (response) => {
      const word = statusWordOf(response.bodyAsText);
      return word ? { [ATTR.upstreamStatus]: word } : {};
    },
    onAttempt: (url, status) => recordUpstreamRequest(serviceOf(url), status),
  });
}

/** The service a request goes to, from its first path segment (`customvoice`, `language`, ...). */
export function serviceOf(url: URL): string {
  const first = url.pathname.split('/').find((segment) => segment.length > 0);
  return first && /^[a-z][a-z0-9-]{0,40}$/i.test(first) ? first.toLowerCase() : 'unknown';
}

/** The `status` word of a JSON answer, if it has one: what the service says the operation is doing. */
export function statusWordOf(body: string | null | undefined): string | undefined {
  if (!body || body.length > 1_000_000) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'status' in parsed) {
      const status = parsed.status;
      if (typeof status === 'string' && /^[A-Za-z]{1,40}$/.test(status)) return status;
    }
  } catch {
    // Not JSON: nothing to add.
  }
  return undefined;
}
