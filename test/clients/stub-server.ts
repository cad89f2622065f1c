import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** The raw request target, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type StubHandler = (request: ReceivedRequest, response: ServerResponse) => void;

export interface StubServer {
  url: string;
  received: ReceivedRequest[];
  /** What the next requests are answered with. */
  answer(handler: StubHandler): void;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1 for answers the simulator never gives (bad bodies, silence). It records
 * every request it receives.
 */
export async function startStubServer(): Promise<StubServer> {
  let handler: StubHandler = (_request, response) => response.writeHead(404).end();
  const received: ReceivedRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
