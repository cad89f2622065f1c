import { clientSpanPolicy } from '../telemetry/client-span-policy.js';
import { ATTR } from '../telemetry/names.js';
import {
  RestError,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  isRestError,
  retryPolicy,
  type HttpClient,
  type PipelinePolicy,
  type RetryStrategy,
} from '@azure/core-rest-pipeline';
import { systemClock, type Clock } from '../shared/clock.js';
import { webhookRetryDelayInMs, type RetryScheduleOptions } from './retry-schedule.js';
import { signStandardWebhook } from './standard-webhooks.js';
import { assertDeliverableUrl, type WebhookUrlPolicy } from './url-policy.js';

/** One outbound POST. */
export interface WebhookDelivery {
  /** `https:` anywhere, or `http:` to a loopback host where the URL policy allows it. */
  url: string;
  body: string;
  contentType: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Signs each attempt per Standard Webhooks: a fresh `webhook-timestamp`, the same `webhook-id`. */
  signing?: { secret: string; id: string };
}

export interface DeliveryOptions {
  /** Tries in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Time allowed for the receiver's response headers, per attempt. Default 10 s. */
  timeoutInMs?: number;
  /** First backoff, doubled per retry, with jitter. Default 1 s. */
  baseDelayInMs?: number;
  /** Ceiling of the backoff. Default 30 s. */
  maxDelayInMs?: number;
  /** Ceiling of a receiver's `Retry-After`. Default 60 s. */
  maxRetryAfterInMs?: number;
  /** Dates the signatures. */
  clock?: Clock;
}

export interface DeliveryResult {
  status: number;
  attempts: number;
}

/**
 * A delivery that did not succeed: the last status (or a network failure) after the last attempt, or a
 * status not worth retrying. Names the host only: webhook URLs often carry credentials in their path or
 * query (Slack response URLs, Teams incoming webhooks).
 */
export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
  constructor(
    readonly host: string,
    readonly attempts: number,
    /** Last HTTP status, absent after a network failure. */
    readonly status?: number,
    /** Node's error code of the last network failure (ECONNREFUSED, ...). */
    readonly networkCode?: string,
    /** The last response's raw `Retry-After`, for a caller that retries later itself. */
    readonly retryAfter?: string,
  ) {
    super(
      `Webhook delivery to ${host} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${
        status === undefined ? `network error${networkCode ? ` (${networkCode})` : ''}` : `HTTP ${status}`
      }.`,
    );
  }
}

type DeliverySettings = Required<Omit<DeliveryOptions, 'clock'>>;

const DEFAULTS: Readonly<DeliverySettings> = {
  maxAttempts: 5,
  timeoutInMs: 10_000,
  baseDelayInMs: 1_000,
  maxDelayInMs: 30_000,
  maxRetryAfterInMs: 60_000,
};

/** One client for every delivery, so keep-alive connections are reused. */
let sharedHttpClient: HttpClient | undefined;

/**
 * POSTs a webhook with bounded retries (exponential backoff with jitter; `Retry-After` honoured up to a
 * cap) on network errors and on `isRetryableStatus` (408, 429, 5xx but 501/505); other statuses are
 * final. Resolves on 2xx; otherwise throws `WebhookDeliveryError`. Refuses a URL `urlPolicy` does not
 * accept before sending anything.
 */
export async function deliverWebhook(
  delivery: WebhookDelivery,
  urlPolicy: WebhookUrlPolicy,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const url = assertDeliverableUrl(delivery.url, urlPolicy);
  const settings: DeliverySettings = {
    maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
    timeoutInMs: options.timeoutInMs ?? DEFAULTS.timeoutInMs,
    baseDelayInMs: options.baseDelayInMs ?? DEFAULTS.baseDelayInMs,
    maxDelayInMs: options.maxDelayInMs ?? DEFAULTS.maxDelayInMs,
    maxRetryAfterInMs: options.maxRetryAfterInMs ?? DEFAULTS.maxRetryAfterInMs,
  };
  const clock = options.clock ?? systemClock;
  const maxAttempts = Math.max(1, Math.floor(settings.maxAttempts));
  // A malformed secret is a configuration problem, not a delivery failure: say so before any attempt.
  if (delivery.signing) signStandardWebhook({ ...delivery.signing, timestamp: clock.now(), body: '' });

  let attempts = 0;
  const pipeline = createPipelineFromOptions({
    // A redirect could lead a signed body somewhere the URL policy would refuse: treat it as an answer.
    redirectOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'cognitive-ops' },
  });
  // The default retry policy neither retries a 429 without Retry-After nor caps Retry-After: replace it.
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(retryPolicy([deliveryRetryStrategy(settings, clock)], { maxRetries: maxAttempts - 1 }), {
    phase: 'Retry',
  });
  // A client span per attempt, with `traceparent` sent so the subscriber can join the operation's trace.
  pipeline.addPolicy(
    clientSpanPolicy({
      name: 'webhookTrace',
      attributesOf: (target) => ({ [ATTR.subscriber]: target.host }),
    }),
    { afterPhase: 'Retry' },
  );
  pipeline.addPolicy(
    attemptPolicy(delivery, clock, () => {
      attempts += 1;
    }),
    { afterPhase: 'Retry' },
  );

  const request = createPipelineRequest({
    url: url.toString(),
    method: 'POST',
    body: delivery.body,
    headers: createHttpHeaders({ ...delivery.headers, 'content-type': delivery.contentType }),
    timeout: settings.timeoutInMs,
    allowInsecureConnection: url.protocol === 'http:',
  });

  sharedHttpClient ??= createDefaultHttpClient();
  let status: number;
  let retryAfter: string | undefined;
  try {
    const response = await pipeline.sendRequest(sharedHttpClient, request);
    status = response.status;
    retryAfter = response.headers.get('retry-after');
  } catch (error) {
    throw new WebhookDeliveryError(url.host, Math.max(attempts, 1), undefined, networkCodeOf(error));
  }
  if (status < 200 || status > 299) {
    throw new WebhookDeliveryError(url.host, attempts, status, undefined, retryAfter);
  }
  return { status, attempts };
}

function deliveryRetryStrategy(schedule: RetryScheduleOptions, clock: Clock): RetryStrategy {
  return {
    name: 'webhookDeliveryRetry',
    retry({ retryCount, response, responseError }) {
      const status = response?.status;
      if (status !== undefined && status >= 200 && status < 300) return { skipStrategy: true };
      const retryAfter = response?.headers.get('retry-after');
      const delay = webhookRetryDelayInMs(
        { ...(status === undefined ? {} : { status }), ...(retryAfter ? { retryAfter } : {}) },
        retryCount,
        schedule,
        Math.random,
        clock.now(),
      );
      if (delay !== undefined) return { retryAfterInMs: delay };
      return responseError ? { errorToThrow: responseError } : { skipStrategy: true };
    },
  };
}

/**
 * Runs once per attempt (it sits after the retry phase): counts attempts, signs each one afresh so a late
 * retry is not refused as a replay, and turns a timeout's AbortError into a RestError so it is retried.
 */
function attemptPolicy(delivery: WebhookDelivery, clock: Clock, onAttempt: () => void): PipelinePolicy {
  return {
    name: 'webhookAttempt',
    async sendRequest(request, next) {
      onAttempt();
      if (delivery.signing) {
        const headers = signStandardWebhook({
          secret: delivery.signing.secret,
          id: delivery.signing.id,
          timestamp: clock.now(),
          body: delivery.body,
        });
        for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      }
      try {
        return await next(request);
      } catch (error) {
        if (isRestError(error)) throw error;
        throw new RestError('The request did not complete.', {
          code: RestError.REQUEST_SEND_ERROR,
          request,
        });
      }
    },
  };
}

function networkCodeOf(error: unknown): string | undefined {
  if (isRestError(error) && typeof error.code === 'string') return error.code;
  return undefined;
}
