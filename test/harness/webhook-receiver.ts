import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll } from 'vitest';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
  json: unknown;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /**
   * Answers the next `count` requests with `status` (e.g. 503, with `Retry-After: retryAfterSeconds`
   * when given) before accepting again; failed requests are not recorded.
   */
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  /** Changes the `refuseAll` behaviour while running: `undefined` makes a subscriber that was down recover. */
  refuseAll(refusal: WebhookReceiverOptions['refuseAll']): void;
  close(): Promise<void>;
}

export interface WebhookReceiverOptions {
  /**
   * A subscriber that is down: every request is recorded and answered with `status` and
   * `Retry-After: <retryAfterSeconds>` (0 lets the sender retry at once, so a test sees every retry).
   */
  refuseAll?: { status: number; retryAfterSeconds?: number };
}

/**
 * A local HTTP endpoint on 127.0.0.1 that records every POST it accepts (a stand-in for a subscriber);
 * with `refuseAll` it records and refuses every one.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failures = 0;
  let failureStatus = 503;
  let failureRetryAfter: number | undefined;
  let refusal = options.refuseAll;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res
          .writeHead(
            failureStatus,
            failureRetryAfter === undefined ? {} : { 'retry-after': String(failureRetryAfter) },
          )
          .end();
        return;
      }
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      received.push({ path: req.url ?? '/', headers: req.headers, rawBody, json, receivedAt: Date.now() });
      if (refusal) {
        const { status, retryAfterSeconds = 0 } = refusal;
        res.writeHead(status, { 'retry-after': String(retryAfterSeconds) }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext: (count, status = 503, retryAfterSeconds) => {
      failures = count;
      failureStatus = status;
      failureRetryAfter = retryAfterSeconds;
    },
    refuseAll: (next) => {
      refusal = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A receiver for one test file: started before its tests, closed after them. */
export function useWebhookReceiver(options: WebhookReceiverOptions = {}): () => WebhookReceiver {
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(options);
  });
  afterAll(async () => {
    await receiver?.close();
  });
  return () => {
    if (!receiver) throw new Error('The webhook receiver is not running (beforeAll failed?).');
    return receiver;
  };
}
