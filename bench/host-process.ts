import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` as the benchmarks run it: the standalone host in its own Node process (so the load
 * generator's CPU is not counted as the host's), on free ports, against the storage the benchmark gives.
 */
export interface HostProcess {
  /** `http://127.0.0.1:<port>` of the HTTP routes. */
  url: string;
  /** The host's own simulator; empty when `ownSimulator` was false. */
  simulatorUrl: string;
  pid: number;
  /** Resident memory of the host process and its descendants (Azurite when it started one), bytes. */
  treeRss(): Promise<number>;
  /** SIGTERM, then waits for exit (a `--cpu-prof` profile is written on the way out). */
  stop(): Promise<void>;
}

export interface HostProcessOptions {
  env?: Record<string, string>;
  /** Extra Node flags for the host, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** False when `AI_RESOURCES` in `env` points elsewhere, so the host starts no simulator of its own. */
  ownSimulator?: boolean;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export async function startHostProcess(options: HostProcessOptions = {}): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/standalone/main.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        SIMULATOR_PORT: '0',
        STANDALONE_DATA_DIR: 'memory',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const urls = await new Promise<{ url: string; simulatorUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host did not start in 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer): void => {
      // Keep only the start-up banner; afterwards the host's log lines are drained and dropped.
      if (output.length < 64 * 1024) output += chunk.toString();
      const api = /(http:\/\/127\.0\.0\.1:\d+)\/api\/commands/.exec(output);
      const sim = /simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const ownSimulator = options.ownSimulator ?? true;
      if (api?.[1] && (sim?.[1] || !ownSimulator)) {
        clearTimeout(timer);
        resolve({ url: api[1], simulatorUrl: sim?.[1] ?? '' });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The host exited with ${String(code)}:\n${output}`));
    });
  });
  const pid = child.pid!;
  return {
    ...urls,
    pid,
    treeRss: () => treeRssOf(pid),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Sum of VmRSS over the process and all its descendants, from /proc (Linux). */
export async function treeRssOf(rootPid: number): Promise<number> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields follow the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = descendantsOf(rootPid, parents);
  let total = 0;
  for (const pid of tree) total += await rssOf(pid);
  return total;
}

/** The pids of this process's children whose command line mentions `word` (e.g. the Azurite it forked). */
export async function childPidsMatching(word: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (parent === process.pid && commandLine.includes(word)) found.push(Number(entry));
    } catch {
      // Gone.
    }
  }
  return found;
}

function descendantsOf(rootPid: number, parents: Map<number, number>): Set<number> {
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** VmRSS of one process in bytes; 0 when it is gone. */
export async function rssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
