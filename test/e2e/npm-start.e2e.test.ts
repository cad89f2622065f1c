import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/wait-for.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start (the standalone host as a user runs it)', () => {
  it('prints where everything is and a curl example that works, then stops cleanly on Ctrl-C', async () => {
    let output = '';
    // Same entry point as `npm start`; free ports so the test never collides with a running instance.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/standalone/main.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', PORT: '0', SIMULATOR_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await waitFor(() => output.includes('Press Ctrl-C to stop.'), {
      timeoutInMs: 60_000,
      what: 'the start banner',
    });
    const curl = /curl -si -X POST (\S+) -H 'Content-Type: application\/json' \\\s+-d '([^']+)'/.exec(output);
    expect(curl, output).not.toBeNull();
    const [, commandsUrl, body] = curl!;
    expect(output).toMatch(/GET\s+http:\/\/127\.0\.0\.1:\d+\/api\/operations\/\{id\}/);

    const accepted = await fetch(commandsUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('operation-location')!;
    const finished = await waitFor(
      async () => {
        const operation = (await (await fetch(location)).json()) as { status: string; result?: unknown };
        return operation.status === 'Succeeded' ? operation : undefined;
      },
      { timeoutInMs: 30_000, what: 'the suspend to finish' },
    );
    expect(finished.result).toMatchObject({ endpointStatus: 'Disabled' });

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT: stopping');
  });
});
