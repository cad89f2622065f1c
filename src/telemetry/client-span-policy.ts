import { context, propagation, SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import { isTelemetryEnabled, tracer } from './tracer.js';

export interface ClientSpanOptions {
  /** The policy's name in the pipeline. */
  name: string;
  /** Product attributes of the call, from its URL. */
  attributesOf(url: URL): Attributes;
  /** Extra attributes read from the answer (the service's status word, say). */
  responseAttributesOf?(response: PipelineResponse): Attributes;
  /** Called once per attempt with its status, or undefined when no answer came; telemetry on or off. */
  onAttempt?(url: URL, status: number | undefined): void;
}

/**
 * One client span per attempt (place it after the retry phase), with the stable HTTP semantic
 * conventions, `traceparent` sent along so the receiver can join the trace, and the URL recorded without
 * its query (which may hold a key or a signature).
 */
export function clientSpanPolicy(options: ClientSpanOptions): PipelinePolicy {
  return {
    name: options.name,
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (!isTelemetryEnabled()) {
        const response = await next(request).catch((error: unknown) => {
          options.onAttempt?.(url, statusOfError(error));
          throw error;
        });
        options.onAttempt?.(url, response.status);
        return response;
      }
      const attributes: Attributes = {
        'http.request.method': request.method,
        'url.full': `${url.origin}${url.pathname}`,
        'server.address': url.hostname,
        ...(url.port ? { 'server.port': Number(url.port) } : {}),
        ...options.attributesOf(url),
      };
      return tracer.startActiveSpan(request.method, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        const carrier: Record<string, string> = {};
        propagation.inject(context.active(), carrier);
        for (const [name, value] of Object.entries(carrier)) request.headers.set(name, value);
        try {
          const response = await next(request);
          span.setAttribute('http.response.status_code', response.status);
          span.setAttributes(options.responseAttributesOf?.(response) ?? {});
          if (response.status >= 400) {
            span.setAttribute('error.type', String(response.status));
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          options.onAttempt?.(url, response.status);
          return response;
        } catch (error) {
          const status = statusOfError(error);
          span.setAttribute(
            'error.type',
            status ? String(status) : error instanceof Error ? error.name : 'Error',
          );
          span.setStatus({ code: SpanStatusCode.ERROR });
          options.onAttempt?.(url, status);
          throw error;
        } finally {
          span.end();
        }
      });
    },
  };
}

function statusOfError(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
