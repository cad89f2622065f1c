import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin/routes.js';
import { readAuth } from './auth.js';
import { customVoiceRoutes } from './custom-voice/routes.js';
import { faceRoutes } from './face/routes.js';
import { FaultInjector, faultRetryAfterSeconds, type FaultSpec } from './faults.js';
import { documentIntelligenceRoutes } from './document-intelligence/routes.js';
import { readJsonBody, readServiceBody, RequestBodyError, type ServiceBody } from './http/body.js';
import {
  errorResponse,
  serviceError,
  STATUS_ERROR_CODES,
  type ServiceName,
  type SimResponse,
} from './http/response.js';
import type { RouteMatcher, ServiceRequest } from './http/route.js';
import { qnaRoutes } from './qna/routes.js';
import { RateLimiter, retryAfterSecondsOf } from './rate-limit.js';
import { textAnalysisRoutes } from './text-analysis/routes.js';
import { translatorRoutes } from './translator/routes.js';
import { RequestLog, type SimulatorRequest } from './request-log.js';
import { seedState } from './seed.js';
import { clearState, emptyState, type SimulatorContext } from './state.js';

export interface SimulatorOptions {
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** The accepted `Ocp-Apim-Subscription-Key`. Default `simulator-key`. */
  key?: string;
  /** Runs every progression this many times faster (4 makes a 2 s suspend take 0.5 s). Default 1. */
  timeScale?: number;
  /** Adds the resources of the published examples (see `SEED`). Default true. */
  seed?: boolean;
  /** Receives one line per request (method, path, status; never a key). Default: silent. */
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SIMULATOR_KEY = 'simulator-key' as const;

export class SimulatorOptionsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulatorOptionsError';
  }
}

const ADMIN_PREFIX = '_simulator';

/** Which service a path belongs to, for the error vocabulary of paths no route matched. */
function serviceOfPath(segments: readonly string[]): ServiceName {
  switch (segments[0]) {
    case 'customvoice':
      return 'customvoice';
    case 'face':
      return 'face';
    case 'documentintelligence':
      return 'documentintelligence';
    case 'translator':
      return 'translator';
    case 'language':
      return segments[1] === 'analyze-text' ? 'textanalysis' : 'qna';
    default:
      return 'generic';
  }
}

function faultResponse(fault: FaultSpec): SimResponse {
  const retryAfter = faultRetryAfterSeconds(fault);
  const code = STATUS_ERROR_CODES[fault.status] ?? 'InternalServerError';
  return errorResponse(fault.status, code, `Injected fault: the service answered ${fault.status}.`, {
    headers: retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {},
  });
}

/** A Host header fit to build absolute URLs from (host or IPv6 literal, optional port). */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Starts the AI services simulator: custom voice, Face, question answering, Document Intelligence analyze,
 * document translation batches and Language analyze-text jobs over plain HTTP, with an
 * admin API under `/_simulator`. States are computed from timestamps, so no timer keeps the process up.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new SimulatorOptionsError('timeScale must be a positive finite number.');
  }
  const key = options.key ?? DEFAULT_SIMULATOR_KEY;
  const seeded = options.seed ?? true;
  const log = options.log ?? (() => undefined);

  const context: SimulatorContext = { state: emptyState(), timeScale };
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const rateLimit = new RateLimiter();
  const reset = (): void => {
    clearState(context.state);
    faults.clear();
    rateLimit.clear();
    requests.clear();
    if (seeded) seedState(context.state, Date.now(), timeScale);
  };
  reset();

  const matchers: RouteMatcher[] = [
    customVoiceRoutes(context),
    faceRoutes(context),
    qnaRoutes(context),
    documentIntelligenceRoutes(context),
    translatorRoutes(context),
    textAnalysisRoutes(context),
  ];
  let ownUrl = '';

  function serviceResponse(request: ServiceRequest, segments: readonly string[] | undefined): SimResponse {
    // The rate limit and faults come first, as a gateway throttles before anything looks at the request.
    const admitted = rateLimit.take(request.nowMs);
    if (!admitted.allowed) {
      return errorResponse(429, 'TooManyRequests', 'Rate limit of the simulated resource exceeded.', {
        headers: { 'Retry-After': String(retryAfterSecondsOf(admitted.retryAfterMs)) },
      });
    }
    const fault = faults.take(request.method, request.url.pathname);
    if (fault && !fault.afterHandling) return faultResponse(fault);
    const answer = handledResponse(request, segments);
    return fault ? faultResponse(fault) : answer;
  }

  function handledResponse(request: ServiceRequest, segments: readonly string[] | undefined): SimResponse {
    if (!segments) return errorResponse(400, 'BadRequest', 'The path is not validly percent-encoded.');
    const route = matchers.reduce<ReturnType<RouteMatcher>>(
      (found, match) => found ?? match(segments),
      undefined,
    );
    const service = route?.service ?? serviceOfPath(segments);
    if (!route) return serviceError(service, 404, 'notFound', 'The requested resource was not found.');
    if (!route.methods.includes(request.method)) {
      return errorResponse(
        405,
        STATUS_ERROR_CODES[405] ?? 'MethodNotAllowed',
        `Use ${route.methods.join(' or ')}.`,
        {
          headers: { Allow: route.methods.join(', ') },
        },
      );
    }
    if (!readAuth(request.headers, key).authorized) {
      return serviceError(
        service,
        401,
        'unauthorized',
        'Access denied due to invalid subscription key or wrong API endpoint. Provide a valid Ocp-Apim-Subscription-Key or an Entra ID bearer token.',
      );
    }
    return route.handle(request);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const nowMs = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    // Concatenated rather than resolved, so a path starting with `//` stays a path, not an authority.
    const rawTarget = req.url ?? '/';
    const url = new URL(`http://simulator.invalid${rawTarget.startsWith('/') ? '' : '/'}${rawTarget}`);
    const segments = decodeSegments(url.pathname);
    const isAdmin = url.pathname === `/${ADMIN_PREFIX}` || url.pathname.startsWith(`/${ADMIN_PREFIX}/`);

    if (isAdmin) {
      let response: SimResponse;
      try {
        const body = await readJsonBody(req);
        response = segments
          ? handleAdmin(
              { context, faults, requests, rateLimit, reset },
              { method, segments: segments.slice(1), body, nowMs },
            )
          : errorResponse(400, 'BadRequest', 'The path is not validly percent-encoded.');
      } catch (error) {
        if (!(error instanceof RequestBodyError)) throw error;
        response = errorResponse(
          error.status,
          error.status === 413 ? 'PayloadTooLarge' : 'BadRequest',
          error.message,
        );
      }
      write(res, response);
      log(`simulator admin: ${method} ${url.pathname} -> ${response.status}`);
      return;
    }

    // Read to the end whatever the route, so the connection stays usable; only start routes look at it.
    const body: ServiceBody = await readServiceBody(req);
    const hostHeader = req.headers.host;
    const baseUrl = hostHeader && SAFE_HOST.test(hostHeader) ? `http://${hostHeader}` : ownUrl;
    const response = serviceResponse({ method, url, headers: req.headers, baseUrl, nowMs, body }, segments);
    write(res, response);
    const operationId = req.headers['operation-id'];
    const entry: SimulatorRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(typeof operationId === 'string' ? { operationId } : {}),
      auth: readAuth(req.headers, key).kind,
      status: response.status,
      time: new Date(nowMs).toISOString(),
    };
    requests.add(entry);
    log(`simulator: ${method} ${url.pathname} -> ${response.status}`);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(
        `simulator: internal error on ${req.method ?? '?'} ${req.url?.split('?')[0] ?? '?'}: ${String(error)}`,
      );
      if (!res.headersSent) write(res, errorResponse(500, 'InternalServerError', 'The simulator failed.'));
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ownUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: ownUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections of finished requests would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Path segments after the leading slash, percent-decoded; undefined if an escape is malformed. */
function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function write(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
