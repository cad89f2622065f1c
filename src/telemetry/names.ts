/**
 * Names of everything this app emits, in one place so dashboards, alerts (infra/) and tests agree.
 * Attributes follow the OpenTelemetry naming rules under the `cogops.` namespace; HTTP attributes use the
 * stable semantic conventions (`http.request.method`, `http.response.status_code`, `url.full`, ...).
 */
export const INSTRUMENTATION_SCOPE = 'cognitive-ops';
export const DEFAULT_SERVICE_NAME = 'cognitive-ops';

export const ATTR = {
  operationId: 'cogops.operation.id',
  action: 'cogops.action',
  targetKind: 'cogops.target.kind',
  resource: 'cogops.resource',
  upstreamStatus: 'cogops.upstream.status',
  status: 'cogops.status',
  service: 'cogops.service',
  entity: 'cogops.entity',
  subscriber: 'cogops.subscriber',
  deadLetterReason: 'cogops.deadletter.reason',
} as const;

export const METRIC = {
  operationCompleted: 'cogops.operation.completed',
  operationDuration: 'cogops.operation.duration',
  upstreamRequests: 'cogops.upstream.requests',
  pollerLag: 'cogops.poller.lag',
  deadLetterCount: 'cogops.deadletter.count',
} as const;

/** Application properties that carry the W3C trace context on every command and event message. */
export const TRACE_PROPERTIES = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;
