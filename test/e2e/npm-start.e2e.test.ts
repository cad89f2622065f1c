import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      env: { PATH: process.env.PATH ?? '', PORT: '0', SIMULATOR_PORT: '0', STANDALONE_DATA_DIR: 'memory' },
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

  describe('a port it cannot use: one line naming the setting, and a non-zero exit', () => {
    let busy: Server;
    let busyPort = 0;
    beforeAll(async () => {
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
      const address = busy.address();
      busyPort = address && typeof address === 'object' ? address.port : 0;
    });
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    const run = (env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve) => {
        const started = spawn(process.execPath, ['--import', 'tsx', 'src/standalone/main.ts'], {
          cwd: repoRoot,
          env: { PATH: process.env.PATH ?? '', STANDALONE_DATA_DIR: 'memory', ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        started.once('exit', (code) => resolve({ code, stderr }));
      });

    it('refuses PORT=abc', async () => {
      const { code, stderr } = await run({ PORT: 'abc', SIMULATOR_PORT: '0' });
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^PORT must be a TCP port number.*'abc'/),
      ]);
    });

    it('names PORT when the HTTP port is taken', async () => {
      const { code, stderr } = await run({ PORT: String(busyPort), SIMULATOR_PORT: '0' });
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^PORT: port ${busyPort} on 127\\.0\\.0\\.1 is already in use`)),
      ]);
    });

    it('names SIMULATOR_PORT when the simulator port is taken', async () => {
      const { code, stderr } = await run({ PORT: '0', SIMULATOR_PORT: String(busyPort) });
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^SIMULATOR_PORT: port ${busyPort} on 127\\.0\\.0\\.1 is already in use`),
        ),
      ]);
    });
  });

  describe('SIGTERM or SIGINT to any one of its processes stops all of them', () => {
    /** The processes below `pid`, each with its command line (Linux /proc). */
    const descendants = (pid: number): Array<{ pid: number; command: string }> => {
      const parents = new Map<number, number>();
      for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
        } catch {
          // Ended while we looked.
        }
      }
      const found: Array<{ pid: number; command: string }> = [];
      const visit = (parent: number): void => {
        for (const [child, ppid] of parents) {
          if (ppid !== parent) continue;
          let command = '';
          try {
            command = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ');
          } catch {
            continue;
          }
          found.push({ pid: child, command });
          visit(child);
        }
      };
      visit(pid);
      return found;
    };
    const groupAlive = (pgid: number): boolean => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    };

    it.each([
      ['npm', 'SIGINT', undefined],
      ['tsx', 'SIGTERM', /node_modules\/\.bin\/tsx /],
      // Nothing can pass a SIGKILL on: the host sees its launcher gone and stops by itself.
      ['tsx', 'SIGKILL', /node_modules\/\.bin\/tsx /],
      ['the host', 'SIGTERM', /tsx\/dist\/loader\.mjs src\/standalone\/main\.ts/],
      ['Azurite', 'SIGTERM', /azurite\/dist\/src\/table\/main\.js/],
    ] as const)('stops everything when %s gets %s', async (_name, signal, pattern) => {
      let output = '';
      const npm = spawn('npm', ['start'], {
        cwd: repoRoot,
        detached: true,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          PORT: '0',
          SIMULATOR_PORT: '0',
          STANDALONE_DATA_DIR: 'memory',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        await waitFor(() => output.includes('Press Ctrl-C to stop.'), {
          timeoutInMs: 90_000,
          what: 'the start banner',
        });
        const target = pattern
          ? descendants(npm.pid!).find(({ command }) => pattern.test(command))
          : { pid: npm.pid! };
        expect(
          target,
          descendants(npm.pid!)
            .map((p) => p.command)
            .join('\n'),
        ).toBeDefined();
        process.kill(target!.pid, signal);
        await waitFor(() => !groupAlive(npm.pid!), { timeoutInMs: 45_000, what: 'every process to stop' });
      } finally {
        if (groupAlive(npm.pid!)) process.kill(-npm.pid!, 'SIGKILL');
      }
    });
  });
});
