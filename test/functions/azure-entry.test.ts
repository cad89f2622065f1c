import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import { createFunctionDefinitions } from '../../src/functions/all-functions.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('the Azure Functions entry point (package.json main)', () => {
  it('loads under plain Node ESM, without I/O, and registers every function of the shared list', async () => {
    // Outside the Functions host, @azure/functions runs in test mode and names each registration it skips.
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', "await import('./src/index.ts');"],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
    );
    const registered = [...`${stdout}${stderr}`.matchAll(/register function "([^"]+)"/g)].map((m) => m[1]);
    const expected = createFunctionDefinitions(() =>
      Promise.reject<AppServices>(new Error('not needed')),
    ).map((definition) => definition.name);
    expect(registered.sort()).toEqual(expected.sort());
  });
});
