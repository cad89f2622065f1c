import { metrics, type Counter, type Gauge, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { ATTR, INSTRUMENTATION_SCOPE, METRIC } from './names.js';
import type { OperationIdentity } from './operation-attributes.js';

interface Instruments {
  operationCompleted: Counter;
  operationDuration: Histogram;
  upstreamRequests: Counter;
  pollerLag: Gauge;
  deadLetterCount: Counter;
}

// The metrics API has no proxy provider: a meter taken before the SDK starts stays a no-op forever, so
// instruments are made per registered provider, on first use.
let cached: { provider: MeterProvider; instruments: Instruments } | undefined;

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider === provider) return cached.instruments;
  const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
  const made: Instruments = {
    operationCompleted: meter.createCounter(METRIC.operationCompleted, {
      description: 'Operations that reached a terminal status.',
    }),
    operationDuration: meter.createHistogram(METRIC.operationDuration, {
      description: 'Time from accepting a command to its terminal status.',
      unit: 's',
      advice: { explicitBucketBoundaries: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] },
    }),
    upstreamRequests: meter.createCounter(METRIC.upstreamRequests, {
      description: 'Requests sent to the AI services, by service and response status.',
    }),
    pollerLag: meter.createGauge(METRIC.pollerLag, {
      description: 'How long the oldest due operation waited past its due time when the poller ran.',
      unit: 's',
    }),
    deadLetterCount: meter.createCounter(METRIC.deadLetterCount, {
      description: 'Messages this app dead-lettered (commands and event deliveries).',
    }),
  };
  cached = { provider, instruments: made };
  return made;
}

export interface CompletedOperation extends OperationIdentity {
  status: string;
  createdDateTime: string;
  lastActionDateTime: string;
}

/** Called once per operation, by whichever run marked its completion event published. */
export function recordOperationCompleted(operation: CompletedOperation): void {
  const attributes = {
    [ATTR.status]: operation.status,
    [ATTR.targetKind]: operation.target.kind,
    [ATTR.action]: operation.action,
  };
  const { operationCompleted, operationDuration } = instruments();
  operationCompleted.add(1, attributes);
  const seconds = (Date.parse(operation.lastActionDateTime) - Date.parse(operation.createdDateTime)) / 1000;
  if (Number.isFinite(seconds) && seconds >= 0) operationDuration.record(seconds, attributes);
}

export function recordUpstreamRequest(service: string, statusCode: number | undefined): void {
  instruments().upstreamRequests.add(1, {
    [ATTR.service]: service,
    // 0 stands for "no response" (network failure, timeout), as some HTTP instrumentations do.
    'http.response.status_code': statusCode ?? 0,
  });
}

export function recordPollerLag(seconds: number): void {
  instruments().pollerLag.record(Math.max(0, seconds));
}

export function recordDeadLetter(entity: string, reason: string): void {
  instruments().deadLetterCount.add(1, { [ATTR.entity]: entity, [ATTR.deadLetterReason]: reason });
}
