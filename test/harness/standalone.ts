import { afterAll, beforeAll } from 'vitest';
import { SimulatorAdmin } from '../../src/simulator/admin-client.js';
import {
  startStandaloneHost,
  type StandaloneHost,
  type StandaloneHostOptions,
} from '../../src/standalone/host.js';

/** Settings that make the pipeline quick enough for tests without changing what it does. */
export const FAST_SETTINGS: Record<string, string> = {
  POLLER_SCHEDULE: '* * * * * *',
  STATUS_CHECK_INTERVAL_SECONDS: '1',
  POLLER_SWEEP_GRACE_SECONDS: '2',
};

export interface TestHost {
  host: StandaloneHost;
  admin: SimulatorAdmin;
  /** Log lines the host printed, for assertions about what it (never) logs. */
  logs: string[];
  api(path: string, init?: RequestInit): Promise<Response>;
}

export type TestHostOptions = Omit<StandaloneHostOptions, 'env' | 'httpPort' | 'simulatorPort' | 'log'> & {
  env?: Record<string, string>;
};

/**
 * Starts a standalone host: its own Azurite, simulator and local bus on free loopback ports, an empty
 * environment (so a developer's real connection strings are never used). The caller closes it.
 */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const logs: string[] = [];
  const host = await startStandaloneHost({
    simulatorTimeScale: 4,
    ...options,
    env: options.env ?? {},
    settings: { ...FAST_SETTINGS, ...options.settings },
    httpPort: 0,
    simulatorPort: 0,
    log: (line) => logs.push(line),
  });
  return {
    host,
    admin: new SimulatorAdmin(host.simulatorUrl ?? ''),
    logs,
    api: (path, init) => fetch(`${host.url}${path}`, init),
  };
}

/** A standalone host (`startTestHost`) for one test file, closed afterwards. */
export function useStandaloneHost(options: TestHostOptions = {}): () => TestHost {
  let testHost: TestHost | undefined;
  beforeAll(async () => {
    testHost = await startTestHost(options);
  });
  afterAll(async () => {
    await testHost?.host.close();
  });
  return () => {
    if (!testHost) throw new Error('The standalone host is not running (beforeAll failed?).');
    return testHost;
  };
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
