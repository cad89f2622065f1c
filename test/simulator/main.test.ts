import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { waitFor } from '../harness/wait-for.js';

const MAIN = fileURLToPath(new URL('../../src/simulator/main.ts', import.meta.url));

describe('npm run simulator (src/simulator/main.ts)', () => {
  it('serves on the port it prints, with the configured key, shows no custom key, and stops on SIGTERM', async () => {
    const secretKey = 'main-test-key-0123456789';
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_KEY: secretKey, SIMULATOR_TIME_SCALE: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(() => /simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], {
        what: 'the simulator URL on stdout',
      });
      const endpointPath = `/customvoice/endpoints/${SEED.endpointId}?api-version=2026-01-01`;
      const withKey = await fetch(`${url}${endpointPath}`, {
        headers: { 'Ocp-Apim-Subscription-Key': secretKey },
      });
      expect(withKey.status).toBe(200);
      const defaultKey = await fetch(`${url}${endpointPath}`, {
        headers: { 'Ocp-Apim-Subscription-Key': 'simulator-key' },
      });
      expect(defaultKey.status).toBe(401);
      expect(output).toContain('curl');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).not.toContain(secretKey);
  });
});
