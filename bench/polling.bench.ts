import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createHttpPoller, type OperationResponse, type RunningOperation } from '@azure/core-lro';
import { SimulatorAdmin } from '../src/simulator/admin-client.js';
import type { SimulatorRequest } from '../src/simulator/request-log.js';
import { startStandaloneHost, type StandaloneHost } from '../src/standalone/host.js';
import { mean, percentile, round2 } from './stats.js';
import { CUSTOM_VOICE_API_VERSION, SIMULATOR_KEY } from './fixtures.js';
import type { BenchResult } from './types.js';

/**
 * Polling near the limit: custom voice suspends of duration D (20, 90, 300 simulated seconds, each
 * jittered by ±10 %) on a simulator running TIME_SCALE times faster, followed three ways on the same kind
 * of operations:
 * - this app with its production defaults (Azure's: 10 s sweep timer, 5 s interval), after five warm-up
 *   operations of the same kind, its polling delays scaled to the simulator (POLLING_TIME_SCALE);
 * - a naive client: POST, then GET the operation every 2 simulated seconds;
 * - `@azure/core-lro`'s HTTP poller, following the service's `Retry-After: 1` (1 simulated second).
 * Upstream calls per operation come from the simulator's request log; detection latency is the moment
 * the app's completion event reached a webhook receiver (the clients: the answer that said done) minus
 * the moment the simulated operation ended, in simulated seconds. The physical limit is three calls
 * (start, one look at the end, the result) and no delay.
 */
/**
 * Real per-hop costs (bus, storage, the webhook delivery) are multiplied by the scale when read as
 * simulated seconds, so a loaded machine shows more latency at a higher scale.
 */
const FIXED_TIME_SCALE = process.env.BENCH_POLLING_TIME_SCALE;
/** The scale for one D: its runs last about 20 real seconds (D = 20 s runs unscaled). */
function timeScaleFor(durationS: number): number {
  return FIXED_TIME_SCALE ? Number(FIXED_TIME_SCALE) : Math.min(12, Math.max(1, Math.round(durationS / 20)));
}
/** The scale of the D being measured (set by `measureDuration`). */
let TIME_SCALE = 1;
const DURATIONS_S = (process.env.BENCH_POLLING_DURATIONS ?? '20,90,300').split(',').map(Number);
const WARM_UP = 5;
const STAGGER_MS = 1_000;
const RUNS = 10;
const NAIVE_INTERVAL_S = 2;
const LIMIT_CALLS = 3;

/** Azure's defaults for the settings that shape polling (`npm start` has faster demo ones). */
const PRODUCTION_POLLING = {
  POLLER_SCHEDULE: '*/10 * * * * *',
  STATUS_CHECK_INTERVAL_SECONDS: '5',
  POLLER_SWEEP_GRACE_SECONDS: '30',
};

interface Run {
  calls: number;
  /** Simulated seconds from the end of the operation to its detection. */
  latencyS: number;
  /** Simulated seconds from the end to the first status read that could see it done (the look itself). */
  lookLatencyS: number;
}

interface Summary {
  callsPerOp: number;
  p50S: number;
  p95S: number;
  lookP95S: number;
}

export async function run(): Promise<BenchResult> {
  const figures: Record<string, number> = {};
  const verdicts: string[] = [];
  let worstRatio = 0;
  for (const durationS of DURATIONS_S) {
    const { app, naive, lro } = await measureDuration(durationS);
    const callRatio = app.callsPerOp / naive.callsPerOp;
    worstRatio = Math.max(worstRatio, callRatio);
    console.log(
      [
        `  D=${durationS}s (simulator x${TIME_SCALE})   limit: ${LIMIT_CALLS} calls, 0 s`,
        `  this app: ${app.callsPerOp} calls/op, event at webhook p50 ${app.p50S} s, p95 ${app.p95S} s (the look that saw it done: p95 ${app.lookP95S} s)`,
        `  naive 2 s: ${naive.callsPerOp} calls/op, p50 ${naive.p50S} s, p95 ${naive.p95S} s`,
        `  core-lro: ${lro.callsPerOp} calls/op, p50 ${lro.p50S} s, p95 ${lro.p95S} s`,
        `  calls app/naive ${round2(callRatio)}, app/core-lro ${round2(app.callsPerOp / lro.callsPerOp)}, app/limit ${round2(app.callsPerOp / LIMIT_CALLS)}`,
      ].join('\n'),
    );
    const callTarget = durationS >= 300 ? 1 / 10 : durationS >= 90 ? 1 / 5 : 1;
    const latencyTarget = 5 + 0.02 * durationS;
    verdicts.push(
      `D=${durationS}: calls ${round2(callRatio)} of naive (target <= ${round2(callTarget)}) ${callRatio <= callTarget ? 'ok' : 'MISSED'}; p95 ${app.p95S} s (target <= ${round2(latencyTarget)} s) ${app.p95S <= latencyTarget ? 'ok' : 'MISSED'}`,
    );
    Object.assign(figures, {
      [`D${durationS}TimeScale`]: TIME_SCALE,
      [`D${durationS}AppCallsPerOp`]: app.callsPerOp,
      [`D${durationS}AppLatencyP50S`]: app.p50S,
      [`D${durationS}AppLatencyP95S`]: app.p95S,
      [`D${durationS}AppLookLatencyP95S`]: app.lookP95S,
      [`D${durationS}NaiveCallsPerOp`]: naive.callsPerOp,
      [`D${durationS}NaiveLatencyP95S`]: naive.p95S,
      [`D${durationS}CoreLroCallsPerOp`]: lro.callsPerOp,
      [`D${durationS}CoreLroLatencyP95S`]: lro.p95S,
      [`D${durationS}AppOverNaiveCalls`]: round2(callRatio),
    });
  }
  for (const verdict of verdicts) console.log(`  ${verdict}`);
  return {
    name: `polling: upstream calls per operation and detection latency, D = ${DURATIONS_S.join(', ')} s (simulator x${DURATIONS_S.map(timeScaleFor).join(', x')})`,
    baselineName: 'naive client polling every 2 s (ratio: the largest calls/op ratio over the durations)',
    figures,
    ratio: round2(worstRatio),
  };
}

async function measureDuration(durationS: number): Promise<{ app: Summary; naive: Summary; lro: Summary }> {
  TIME_SCALE = timeScaleFor(durationS);
  const receiver = await startEventReceiver();
  // A host of its own per D: its durations table starts empty, so only this D's warm-up is its history.
  const host = await startStandaloneHost({
    env: {},
    settings: {
      ...PRODUCTION_POLLING,
      POLLING_TIME_SCALE: String(TIME_SCALE),
      EVENT_WEBHOOKS: JSON.stringify([{ url: `${receiver.url}/events` }]),
    },
    httpPort: 0,
    simulatorPort: 0,
    simulatorTimeScale: TIME_SCALE,
    busConcurrency: 16,
    log: () => undefined,
  });
  try {
    const simulatorUrl = host.simulatorUrl ?? '';
    const admin = new SimulatorAdmin(simulatorUrl);
    const jitter = seededJitter(durationS);
    await staggered(WARM_UP, () => appOperation(host, admin, receiver, durationS * jitter()));
    const app = summarize(
      await staggered(RUNS, () => appOperation(host, admin, receiver, durationS * jitter())),
    );
    const [naiveRuns, lroRuns] = await Promise.all([
      staggered(RUNS, () => naiveOperation(simulatorUrl, admin, durationS * jitter())),
      staggered(RUNS, () => coreLroOperation(simulatorUrl, admin, durationS * jitter())),
    ]);
    return { app, naive: summarize(naiveRuns), lro: summarize(lroRuns) };
  } finally {
    await host.close();
    await receiver.close();
  }
}

/** One suspend through the app: accepted over HTTP, detected when its completion event is delivered. */
async function appOperation(
  host: StandaloneHost,
  admin: SimulatorAdmin,
  receiver: EventReceiver,
  durationS: number,
): Promise<Run> {
  const endpointId = await freshEndpoint(admin, durationS);
  const response = await fetch(`${host.url}/api/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      action: 'suspend',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId },
    }),
  });
  if (response.status !== 202) throw new Error(`submit answered ${response.status}`);
  const id = response.headers.get('operation-id') ?? '';
  const detectedAtMs = await receiver.eventFor(id, (durationS * 3 * 1000) / TIME_SCALE + 120_000);
  return measured(admin, endpointId, id, durationS, detectedAtMs);
}

/** POST, then GET the operation every 2 simulated seconds until it is over. */
async function naiveOperation(simulatorUrl: string, admin: SimulatorAdmin, durationS: number): Promise<Run> {
  const endpointId = await freshEndpoint(admin, durationS);
  const operationId = randomUUID();
  await startSuspend(simulatorUrl, endpointId, operationId);
  for (;;) {
    await sleep((NAIVE_INTERVAL_S * 1000) / TIME_SCALE);
    const answer = await service(simulatorUrl, 'GET', `/customvoice/operations/${operationId}`);
    const status = ((await answer.json()) as { status?: string }).status;
    if (status === 'Succeeded' || status === 'Failed') {
      return measured(admin, endpointId, operationId, durationS, Date.now());
    }
  }
}

/** `@azure/core-lro`'s HTTP poller over the same start and status monitor. */
async function coreLroOperation(
  simulatorUrl: string,
  admin: SimulatorAdmin,
  durationS: number,
): Promise<Run> {
  const endpointId = await freshEndpoint(admin, durationS);
  const operationId = randomUUID();
  const lro: RunningOperation<unknown> = {
    sendInitialRequest: async () =>
      toLroResponse('POST', await startSuspend(simulatorUrl, endpointId, operationId)),
    sendPollRequest: async (path) => toLroResponse('GET', await service(simulatorUrl, 'GET', path)),
  };
  // The simulator's `Retry-After: 1` means one of its seconds; core-lro reads it as one real second, so the
  // header is handed over as the interval it stands for instead.
  const poller = createHttpPoller(lro, { intervalInMs: 1000 / TIME_SCALE, resolveOnUnsuccessful: true });
  await poller.pollUntilDone();
  return measured(admin, endpointId, operationId, durationS, Date.now());
}

async function toLroResponse(method: string, response: Response): Promise<OperationResponse<unknown>> {
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'retry-after') headers[name] = value;
  });
  return {
    flatResponse: body,
    rawResponse: { statusCode: response.status, request: { method, url: response.url }, headers, body },
  };
}

function startSuspend(simulatorUrl: string, endpointId: string, operationId: string): Promise<Response> {
  return service(simulatorUrl, 'POST', `/customvoice/endpoints/${endpointId}:suspend`, {
    'Operation-Id': operationId,
  });
}

function service(
  simulatorUrl: string,
  method: string,
  pathOrUrl: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(pathOrUrl, simulatorUrl);
  if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', CUSTOM_VOICE_API_VERSION);
  return fetch(url, { method, headers: { 'Ocp-Apim-Subscription-Key': SIMULATOR_KEY, ...headers } });
}

async function freshEndpoint(admin: SimulatorAdmin, durationS: number): Promise<string> {
  const endpointId = randomUUID();
  await admin.putEndpoint(endpointId, {
    status: 'Succeeded',
    kind: 'HighPerformance',
    suspendSeconds: Math.round(durationS * 1000) / 1000,
  });
  return endpointId;
}

/** Calls about this operation (its endpoint or its id in the path) and how late its end was seen. */
async function measured(
  admin: SimulatorAdmin,
  endpointId: string,
  operationId: string,
  durationS: number,
  detectedAtMs: number,
): Promise<Run> {
  const log: SimulatorRequest[] = await admin.requests();
  const calls = log.filter((r) => r.path.includes(endpointId) || r.path.includes(operationId));
  const start = calls.find((r) => r.method === 'POST' && r.path.endsWith(':suspend') && r.status === 202);
  if (!start) throw new Error(`no accepted suspend of ${endpointId}`);
  const endedAtMs = Date.parse(start.time) + (durationS * 1000) / TIME_SCALE;
  if (process.env.BENCH_POLLING_TRACE) {
    const t0 = Date.parse(start.time);
    console.log(
      `    trace end +${endedAtMs - t0} detected +${detectedAtMs - t0}: ` +
        calls
          .map((r) => `${r.method} ${r.path.split('/').pop()?.slice(0, 12)} +${Date.parse(r.time) - t0}`)
          .join(', '),
    );
  }
  const look = calls.find(
    (r) => r.method === 'GET' && r.path.includes('/operations/') && Date.parse(r.time) >= endedAtMs,
  );
  const lookAtMs = look ? Date.parse(look.time) : detectedAtMs;
  return {
    calls: calls.length,
    latencyS: ((detectedAtMs - endedAtMs) * TIME_SCALE) / 1000,
    lookLatencyS: ((lookAtMs - endedAtMs) * TIME_SCALE) / 1000,
  };
}

function summarize(runs: Run[]): Summary {
  const latencies = runs.map((r) => r.latencyS);
  return {
    callsPerOp: round2(mean(runs.map((r) => r.calls))),
    p50S: round2(percentile(latencies, 50)),
    p95S: round2(percentile(latencies, 95)),
    lookP95S: round2(
      percentile(
        runs.map((r) => r.lookLatencyS),
        95,
      ),
    ),
  };
}

/**
 * Runs started STAGGER_MS apart: at once, all ten would end within a fraction of a real second and queue
 * behind each other on two cores, a bunching that time scaling creates and a real fleet of operations
 * of 20 s to 5 min started by people would not.
 */
async function staggered<T>(count: number, start: () => Promise<T>): Promise<T[]> {
  const runs: Promise<T>[] = [];
  for (let i = 0; i < count; i += 1) {
    runs.push(start());
    await sleep(STAGGER_MS);
  }
  return Promise.all(runs);
}

/** Factors in [0.9, 1.1], the same sequence on every run of the benchmark. */
function seededJitter(seed: number): () => number {
  let state = seed * 7919 + 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 0.9 + 0.2 * (state / 2_147_483_648);
  };
}

interface EventReceiver {
  url: string;
  /** Resolves with the arrival time of the event about `operationId`. */
  eventFor(operationId: string, timeoutInMs: number): Promise<number>;
  close(): Promise<void>;
}

/** A webhook subscriber on loopback that notes when each operation's event arrived. */
async function startEventReceiver(): Promise<EventReceiver> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      try {
        const subject = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { subject?: string }).subject;
        if (subject && !arrived.has(subject)) {
          arrived.set(subject, at);
          waiting.get(subject)?.(at);
        }
      } catch {
        // Not an event: ignored.
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    eventFor: (operationId, timeoutInMs) => {
      const known = arrived.get(operationId);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no event for ${operationId} in ${timeoutInMs} ms`)),
          timeoutInMs,
        );
        waiting.set(operationId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
}
