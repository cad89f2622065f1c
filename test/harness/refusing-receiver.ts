import { createServer } from 'node:http';
import type { ReceivedWebhook } from './webhook-receiver.js';

export interface RefusingReceiver {
  url: string;
  /** Every POST it refused, in order. */
  attempts: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A subscriber that is down: every POST gets `status` with `Retry-After: <retryAfterSeconds>`. With 0 the
 * sender may retry at once, so a test sees every retry and the bus's dead-lettering in a second or two.
 */
export async function startRefusingReceiver({
  status = 503,
  retryAfterSeconds = 0,
} = {}): Promise<RefusingReceiver> {
  const attempts: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      attempts.push({ path: req.url ?? '/', headers: req.headers, rawBody, json, receivedAt: Date.now() });
      res.writeHead(status, { 'retry-after': String(retryAfterSeconds) }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
