import { afterAll, beforeAll } from 'vitest';
import { SimulatorAdmin } from '../../src/simulator/admin-client.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';

export interface SimulatorHandle {
  /** The simulator's base URL, `http://127.0.0.1:<port>`. */
  url(): string;
  admin(): SimulatorAdmin;
}

/**
 * Starts a simulator for one test file (loopback, free port, silent), closed after its tests. Its state
 * and request log belong to that file alone.
 */
export function useSimulator(options: Omit<SimulatorOptions, 'host' | 'port'> = {}): SimulatorHandle {
  let simulator: RunningSimulator | undefined;
  let admin: SimulatorAdmin | undefined;
  beforeAll(async () => {
    simulator = await startSimulator({ ...options, host: '127.0.0.1', port: 0 });
    admin = new SimulatorAdmin(simulator.url);
  });
  afterAll(async () => {
    await simulator?.close();
  });
  const running = (): RunningSimulator => {
    if (!simulator) throw new Error('The simulator is not running (beforeAll failed?).');
    return simulator;
  };
  return {
    url: () => running().url,
    admin: () => {
      running();
      return admin!;
    },
  };
}
