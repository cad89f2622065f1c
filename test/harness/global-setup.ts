import type { TestProject } from 'vitest/node';
import { startAzuriteTables } from '../../src/standalone/azurite.js';

/**
 * Starts one Azurite Table service for the whole run (in memory, telemetry off, free loopback port).
 * Test files isolate themselves with their own table names. The AI services simulator is cheap, so each
 * test file starts its own (see test/harness/simulator.ts) and owns its state and request log.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzuriteTables();
  project.provide('azuriteConnectionString', azurite.connectionString);
  project.provide('azuriteTableUrl', azurite.tableUrl);
  return () => azurite.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
    azuriteTableUrl: string;
  }
}
