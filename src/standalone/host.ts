import type { BusClient } from '../bus/bus.js';
import { createBusFromEnv } from '../bus/create-bus.js';
import { createLocalBus } from '../bus/local-bus.js';
import type { AppServices } from '../composition/app-services.js';
import { createAppServicesFromEnv } from '../composition/create-app-services.js';
import type { Env } from '../config/env.js';
import {
  DEFAULT_COMMANDS_QUEUE,
  DEFAULT_DELIVERIES_QUEUE,
  DEFAULT_EVENTS_TOPIC,
  EVENT_SUBSCRIPTIONS,
} from '../config/names.js';
import { createFunctionDefinitions } from '../functions/all-functions.js';
import type {
  FunctionDefinition,
  HttpFunctionDefinition,
  TimerFunctionDefinition,
} from '../functions/definition.js';
import { SEED } from '../simulator/seed.js';
import { startSimulator } from '../simulator/server.js';
import { startAzuriteTables } from './azurite.js';
import { startBusHost, type ResolvedBusDefinition } from './bus-host.js';
import { claimDataDir } from './data-dir.js';
import { startHttpHost } from './http-host.js';
import { createLineWriter } from './line-writer.js';
import type { HostLog } from './invocation.js';
import { explainListenError } from './startup-error.js';
import { disabledSettingOf, withoutDisabled } from './disabled-functions.js';
import { startTimerHost, type TimerHost } from './timer-host.js';

/** Settings the standalone host uses unless the environment says otherwise: fast loops for a demo. */
export const STANDALONE_DEFAULTS: Readonly<Record<string, string>> = {
  POLLER_SCHEDULE: '*/2 * * * * *',
  STATUS_CHECK_INTERVAL_SECONDS: '1',
  POLLER_SWEEP_GRACE_SECONDS: '5',
  SCHEDULE_TIMER: '*/10 * * * * *',
};

export const SIMULATOR_RESOURCE = 'simulator';

/**
 * Messages each queue or topic trigger handles at once: host.json's `serviceBus.maxConcurrentCalls`, as the
 * Functions host would (a test keeps the two equal). With fewer, the executor's calls and writes waited for
 * one another while the host sat idle (a CPU profile of the throughput benchmark: ~30 % idle).
 */
export const STANDALONE_BUS_CONCURRENCY = 8;
const SIMULATOR_KEY = 'simulator-key';

export interface StandaloneHostOptions {
  /** Base environment (default `process.env`); real connections in it replace the local parts. */
  env?: Env;
  /** Settings that win over the environment and the standalone defaults. */
  settings?: Record<string, string>;
  host?: string;
  /** 7071 by default; 0 picks a free port. */
  httpPort?: number;
  /** 7072 by default; 0 picks a free port. */
  simulatorPort?: number;
  /** Runs the simulator's progressions this many times faster. */
  simulatorTimeScale?: number;
  /** Messages a queue or topic trigger handles at once (default `STANDALONE_BUS_CONCURRENCY`). */
  busConcurrency?: number;
  /** Local bus lock duration; tests use a short one to see redeliveries quickly. */
  busLockDurationInMs?: number;
  /**
   * Keep Azurite's tables and the local bus in this directory and start from what it holds (`npm start`
   * passes `STANDALONE_DATA_DIR`); everything in memory when absent.
   */
  dataDirectory?: string;
  log?: HostLog;
  /** Test seam: lets a test put a fault (a crash at a chosen step) between the handlers and a service. */
  wrapServices?: (services: AppServices) => AppServices;
}

export interface StandaloneHost {
  url: string;
  simulatorUrl?: string;
  storage: 'azurite' | 'configured';
  busKind: 'local' | 'servicebus';
  bus: BusClient;
  services: AppServices;
  definitions: FunctionDefinition[];
  timers: TimerHost;
  /** Where state is kept, or undefined when in memory. */
  dataDirectory?: string;
  /** Resolves, with why, if a part the host runs on stops by itself (Azurite killed); `close()` follows. */
  lost: Promise<string>;
  close(): Promise<void>;
}

/**
 * Runs every function of the app without the Functions runtime: Azurite for tables and the simulator for
 * the AI services unless real ones are configured, the local bus unless a Service Bus connection is set,
 * HTTP routes on one port, timers on their NCRONTAB schedules, queue and topic triggers on message pumps.
 */
export async function startStandaloneHost(options: StandaloneHostOptions = {}): Promise<StandaloneHost> {
  const log = options.log ?? defaultLog();
  const host = options.host ?? '127.0.0.1';
  const env: Record<string, string | undefined> = { ...STANDALONE_DEFAULTS, ...(options.env ?? process.env) };
  const cleanup: Array<() => Promise<void> | void> = [];
  const close = async (): Promise<void> => {
    for (const step of cleanup.reverse()) await step();
  };
  const lostParts: Array<Promise<string>> = [];

  try {
    const dataDir = options.dataDirectory ? claimDataDir(options.dataDirectory) : undefined;
    if (dataDir) {
      cleanup.push(() => dataDir.release());
      log(`State kept in ${dataDir.root} (STANDALONE_DATA_DIR)`);
    }

    let storage: StandaloneHost['storage'] = 'configured';
    if (
      !env.AzureWebJobsStorage &&
      !env.AzureWebJobsStorage__accountName &&
      !env.AzureWebJobsStorage__tableServiceUri
    ) {
      const azurite = await startAzuriteTables({
        host,
        ...(dataDir ? { location: dataDir.tables } : {}),
      });
      cleanup.push(() => azurite.close());
      lostParts.push(azurite.exited);
      env.AzureWebJobsStorage = azurite.connectionString;
      storage = 'azurite';
      log(`Azurite (Table Storage) on ${azurite.tableUrl}`);
    }

    let simulatorUrl: string | undefined;
    if (!env.AI_RESOURCES) {
      const simulatorPort = options.simulatorPort ?? 7072;
      const simulator = await startSimulator({
        host,
        port: simulatorPort,
        key: SIMULATOR_KEY,
        ...(options.simulatorTimeScale ? { timeScale: options.simulatorTimeScale } : {}),
      }).catch((error: unknown) => {
        throw explainListenError(error, 'SIMULATOR_PORT', host, simulatorPort);
      });
      cleanup.push(() => simulator.close());
      simulatorUrl = simulator.url;
      env.AI_RESOURCES = JSON.stringify({ [SIMULATOR_RESOURCE]: { endpoint: simulator.url, auth: 'key' } });
      env.AI_KEY_SIMULATOR = SIMULATOR_KEY;
      env.ENDPOINT_ALIASES ??= JSON.stringify({
        jessica: { resource: SIMULATOR_RESOURCE, endpointId: SEED.endpointId },
      });
      log(`AI services simulator on ${simulator.url} (resource '${SIMULATOR_RESOURCE}')`);
    }
    Object.assign(env, options.settings);

    const commandsQueue = env.COMMANDS_QUEUE ?? DEFAULT_COMMANDS_QUEUE;
    const eventsTopic = env.EVENTS_TOPIC ?? DEFAULT_EVENTS_TOPIC;
    const deliveriesQueue = env.DELIVERIES_QUEUE ?? DEFAULT_DELIVERIES_QUEUE;
    const { bus, kind: busKind } = createBusFromEnv(env, {
      local: () => {
        const local = createLocalBus({
          ...(options.busLockDurationInMs ? { lockDurationInMs: options.busLockDurationInMs } : {}),
          ...(dataDir ? { directory: dataDir.bus } : {}),
        });
        local.declareQueue(commandsQueue);
        local.declareQueue(deliveriesQueue);
        local.declareTopic(eventsTopic, Object.values(EVENT_SUBSCRIPTIONS));
        return local;
      },
    });
    cleanup.push(() => bus.close());
    log(
      busKind === 'servicebus'
        ? 'Azure Service Bus'
        : `Local bus (in process${dataDir ? ', journaled to disk' : ', in memory'})`,
    );

    const built = await createAppServicesFromEnv(env, { bus });
    const services = options.wrapServices ? options.wrapServices(built) : built;
    const definitions = createFunctionDefinitions(() => Promise.resolve(services));
    const { enabled, disabled } = withoutDisabled(definitions, env);
    for (const name of disabled) log(`Function ${name} is disabled (${disabledSettingOf(name)}).`);
    const setting = (name: string, fallback: string): string => env[name]?.trim() || fallback;

    // Cleanup runs in reverse: HTTP closes first, then the bus triggers and the timers finish their
    // runs, and only then the bus, the simulator and Azurite go away beneath them.
    const timers = startTimerHost(
      enabled
        .filter((d): d is TimerFunctionDefinition => d.kind === 'timer')
        .map((d) => ({ ...d, schedule: setting(d.scheduleSetting, d.defaultSchedule) })),
      log,
    );
    cleanup.push(() => timers.stop());

    const busHost = startBusHost(bus, resolveBusDefinitions(enabled, setting), {
      concurrency: options.busConcurrency ?? STANDALONE_BUS_CONCURRENCY,
      log,
    });
    cleanup.push(() => busHost.stop());

    const httpPort = options.httpPort ?? 7071;
    const http = await startHttpHost(
      enabled.filter((d): d is HttpFunctionDefinition => d.kind === 'http'),
      { host, port: httpPort, log },
    ).catch((error: unknown) => {
      throw explainListenError(error, 'PORT', host, httpPort);
    });
    cleanup.push(() => http.close());

    return {
      url: http.url,
      ...(simulatorUrl ? { simulatorUrl } : {}),
      storage,
      busKind,
      bus,
      services,
      definitions,
      timers,
      ...(dataDir ? { dataDirectory: dataDir.root } : {}),
      lost: Promise.race(lostParts.length > 0 ? lostParts : [new Promise<string>(() => undefined)]),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

let stdoutLines: ReturnType<typeof createLineWriter> | undefined;

/** Log lines to stdout, batched per event-loop turn (see `createLineWriter`); one writer per process. */
function defaultLog(): HostLog {
  stdoutLines ??= createLineWriter(process.stdout);
  const writer = stdoutLines;
  return (line) => writer.write(line);
}

function resolveBusDefinitions(
  definitions: FunctionDefinition[],
  setting: (name: string, fallback: string) => string,
): ResolvedBusDefinition[] {
  const resolved: ResolvedBusDefinition[] = [];
  for (const definition of definitions) {
    if (definition.kind === 'serviceBusQueue') {
      resolved.push({ ...definition, entity: setting(definition.queueSetting, definition.defaultQueue) });
    } else if (definition.kind === 'serviceBusTopic') {
      resolved.push({ ...definition, entity: setting(definition.topicSetting, definition.defaultTopic) });
    }
  }
  return resolved;
}
