import { ApiResponseError, ConnectionError, retryAfterSeconds, type ApiClient } from './api-client.js';
import { isTerminal, type Operation } from './resources.js';

/**
 * `cogops wait`: follows the status monitor `GET /api/operations/{id}` until the operation is terminal,
 * sleeping what its `Retry-After` says between looks (as the Azure REST guidelines ask of a client).
 */

export interface WaitOptions {
  /** Give up after this long; the operation goes on regardless. */
  timeoutInMs: number;
  /** Called after every look, for the progress line. */
  onProgress?: (operation: Operation, elapsedInMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The operation was still not terminal when `--timeout` ran out. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(readonly operation: Operation) {
    super(
      `Operation ${operation.id} is still ${operation.status} after the wait timeout; ` +
        `it goes on: run 'cogops wait ${operation.id}' to follow it again.`,
    );
  }
}

const DEFAULT_RETRY_AFTER_SECONDS = 1;
const MAX_RETRY_AFTER_SECONDS = 60;
/** Passing failures (throttling, a restart of the app) tolerated in a row before giving up. */
const MAX_PASSING_FAILURES = 5;

export async function waitForOperation(
  client: ApiClient,
  id: string,
  options: WaitOptions,
): Promise<Operation> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  let failures = 0;
  for (;;) {
    let delaySeconds: number;
    try {
      const response = await client.request(`operations/${encodeURIComponent(id)}`);
      failures = 0;
      const operation = response.body as Operation;
      options.onProgress?.(operation, now() - started);
      if (isTerminal(operation.status)) return operation;
      if (now() - started >= options.timeoutInMs) throw new WaitTimeoutError(operation);
      delaySeconds = retryAfterSeconds(response.headers) ?? DEFAULT_RETRY_AFTER_SECONDS;
    } catch (error) {
      if (!isPassing(error) || ++failures > MAX_PASSING_FAILURES) throw error;
      if (now() - started >= options.timeoutInMs) throw error;
      delaySeconds =
        (error instanceof ApiResponseError ? error.retryAfterSeconds : undefined) ?? 2 ** failures;
    }
    const remaining = options.timeoutInMs - (now() - started);
    const capped = Math.min(Math.max(delaySeconds, 0), MAX_RETRY_AFTER_SECONDS) * 1000;
    await sleep(Math.max(0, Math.min(capped, remaining)));
  }
}

function isPassing(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  return error instanceof ApiResponseError && (error.status === 429 || error.status >= 500);
}
