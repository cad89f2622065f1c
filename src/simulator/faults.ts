/** Failures injected on purpose (`POST /_simulator/faults`): throttling, outages, server errors. */

export const FAULT_STATUSES = [429, 500, 503] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export interface FaultSpec {
  /** Only requests with this method (any case); all methods when absent. */
  method?: string;
  /** Only requests whose path starts with this; all paths when absent. */
  pathPrefix?: string;
  status: FaultStatus;
  /** `Retry-After` in seconds, never scaled. 429 and 503 always carry one (default 1); 500 only if set. */
  retryAfterSeconds?: number;
  /** How many matching requests fail. */
  count: number;
  /**
   * Carry the request out, then answer with the fault instead of its answer, as when a gateway times out
   * after the service acted: the caller cannot tell it from a request that never arrived.
   */
  afterHandling?: boolean;
}

export const DEFAULT_FAULT_RETRY_AFTER_SECONDS = 1 as const;

/** The `Retry-After` a fault answers with, in seconds, or undefined for none. */
export function faultRetryAfterSeconds(fault: FaultSpec): number | undefined {
  if (fault.retryAfterSeconds !== undefined) return fault.retryAfterSeconds;
  return fault.status === 500 ? undefined : DEFAULT_FAULT_RETRY_AFTER_SECONDS;
}

/** Pending faults, consumed in the order they were added. */
export class FaultInjector {
  private pending: { spec: FaultSpec; remaining: number }[] = [];

  add(spec: FaultSpec): void {
    this.pending.push({ spec, remaining: spec.count });
  }

  clear(): void {
    this.pending = [];
  }

  /** The first pending fault matching the request, one use of it spent; undefined when none matches. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.pending.findIndex(
      ({ spec }) =>
        (spec.method === undefined || spec.method.toUpperCase() === method.toUpperCase()) &&
        (spec.pathPrefix === undefined || path.startsWith(spec.pathPrefix)),
    );
    const entry = this.pending[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(index, 1);
    return entry.spec;
  }
}
