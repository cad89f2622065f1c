import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpFunctionDefinition } from '../functions/definition.js';
import { ApiError, errorResponse } from '../http/api-error.js';
import { ERROR_CODES, type ErrorCode } from '../http/error-codes.js';
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
  // Set once listening: request URLs are built on the host's own address, never on the Host header a
  // caller sent, so nothing derived from them (Operation-Location, nextLink) can point elsewhere.
  let origin = `http://${options.host}:${options.port}`;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log(`[http] error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = requestTarget(req.url ?? '/');
    let url: URL;
    let match: ReturnType<typeof routes.match>;
    try {
      url = new URL(`${origin}${target.path}${target.query}`);
      match = routes.match(method, target.path);
    } catch {
      // A broken percent-encoding is the caller's mistake, not a server error.
      return send(res, errorResponseOf('InvalidUrl', 'The request URL is not valid.'));
    }
    if (match && 'dotSegment' in match) {
      return send(
        res,
        errorResponseOf('InvalidUrl', "A path segment may not be '.' or '..', plain or percent-encoded."),
      );
    }
    if (!match) return send(res, errorResponseOf('NotFound', `No route for ${url.pathname}.`));
    if ('methodNotAllowed' in match) {
      return send(
        res,
        new HttpResponse(
          errorResponse(
            new ApiError(
              'MethodNotAllowed',
              `${method} is not allowed on ${url.pathname}; it accepts ${match.allow.join(', ')}.`,
            ),
            { Allow: match.allow.join(', ') },
          ),
        ),
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

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => refuseUnparsable(error, socket));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  origin = `http://${options.host}:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The path and query of a request target as sent, not normalised (no dot-segment resolution, no
 * decoding). An absolute-form target (`GET http://host/path`) contributes only its path and query.
 */
function requestTarget(raw: string): { path: string; query: string } {
  const withoutAuthority = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const withoutFragment = withoutAuthority.split('#')[0] ?? '';
  const queryStart = withoutFragment.indexOf('?');
  const path = queryStart < 0 ? withoutFragment : withoutFragment.slice(0, queryStart);
  const query = queryStart < 0 ? '' : withoutFragment.slice(queryStart);
  return { path: path.startsWith('/') ? path : `/${path}`, query };
}

/** Status and code for what Node's HTTP parser refuses before any handler runs. */
const PARSER_REFUSALS: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  HPE_HEADER_OVERFLOW: { code: 'RequestHeaderFieldsTooLarge', message: 'The request headers are too large.' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    code: 'RequestEntityTooLarge',
    message: 'The chunk extensions are too large.',
  },
};

const UNPARSABLE = { code: 'BadRequest', message: 'The request could not be parsed as HTTP/1.1.' } as const;

/**
 * Node's default answer to a request its parser refuses (malformed request line, oversize headers) is
 * bare text; callers get the Azure error shape like everywhere else. The connection is closed after it:
 * what follows a request that did not parse cannot be trusted to be a request.
 */
function refuseUnparsable(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const refusal = (error.code && PARSER_REFUSALS[error.code]) || UNPARSABLE;
  const status = ERROR_CODES[refusal.code].status;
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json\r\n' +
      `x-ms-error-code: ${refusal.code}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function errorResponseOf(code: ErrorCode, message: string): InstanceType<typeof HttpResponse> {
  return new HttpResponse(errorResponse(new ApiError(code, message)));
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
