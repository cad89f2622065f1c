import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HttpFunctionDefinition } from '../functions/definition.js';
import { ApiError, errorResponse } from '../http/api-error.js';
import { HttpRequest, HttpResponse } from './azure-functions-runtime.js';
import { MAX_REQUEST_BODY_BYTES } from '../http/request-body.js';
import { createInvocationContext, type HostLog } from './invocation.js';
import { createRouteTable } from './route-table.js';

export interface HttpHost {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the HTTP definitions on `http://host:port/api/...`, turning each Node request into a real
 * `@azure/functions` `HttpRequest` and the handler's `HttpResponseInit` back into a Node response.
 */
export async function startHttpHost(
  definitions: HttpFunctionDefinition[],
  options: { host: string; port: number; log: HostLog },
): Promise<HttpHost> {
  const routes = createRouteTable(definitions);
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log(`[http] error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let url: URL;
    let match: ReturnType<typeof routes.match>;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? options.host}`);
      match = routes.match(method, url.pathname);
    } catch {
      // A bad Host header or a broken percent-encoding is the caller's mistake, not a server error.
      return send(res, errorResponseOf(400, 'InvalidUrl', 'The request URL is not valid.'));
    }
    if (!match) return send(res, errorResponseOf(404, 'NotFound', `No route for ${url.pathname}.`));
    if ('methodNotAllowed' in match) {
      return send(
        res,
        errorResponseOf(405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}.`),
      );
    }
    // Read a little past the limit so the handler's own check, with its error message, decides.
    const body = await readBody(req, MAX_REQUEST_BODY_BYTES + 1);
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: headersOf(req),
      query: Object.fromEntries(url.searchParams.entries()),
      params: match.params,
      ...(body.length > 0 ? { body: { bytes: body } } : {}),
    });
    const context = createInvocationContext(match.definition.name, options.log);
    const started = Date.now();
    const init = await match.definition.handler(request, context);
    const response = new HttpResponse(init);
    options.log(`[http] ${method} ${url.pathname} -> ${response.status} (${Date.now() - started} ms)`);
    await send(res, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function errorResponseOf(status: number, code: string, message: string): InstanceType<typeof HttpResponse> {
  return new HttpResponse(errorResponse(new ApiError(status, code, message)));
}

async function send(res: ServerResponse, response: InstanceType<typeof HttpResponse>): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  res.end(payload);
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Buffers the body up to `limit` bytes and drops the rest (the handler refuses oversize bodies). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (total < limit) chunks.push(chunk.subarray(0, limit - total));
    total += chunk.length;
  }
  return Buffer.concat(chunks);
}
