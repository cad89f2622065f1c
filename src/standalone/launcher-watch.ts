import { readFileSync } from 'node:fs';

/**
 * `npm start` runs as npm → sh → tsx → this process. npm passes a SIGTERM on to sh only, and sh dies
 * without passing it further, which used to leave tsx and the host running under init. So the host
 * watches the processes that launched it, up to and including npm, and calls `onGone` as soon as one of
 * them has ended (or was replaced: its parent is no longer the one it had). Outside npm only the direct
 * parent is watched. Linux reads /proc; elsewhere only a change of this process's parent is seen.
 */
export function watchLaunchers(
  onGone: (description: string) => void,
  options: { intervalInMs?: number; env?: NodeJS.ProcessEnv } = {},
): () => void {
  const chain = launcherChain(options.env ?? process.env);
  const parentAtStart = process.ppid;
  const timer = setInterval(() => {
    const gone =
      process.ppid !== parentAtStart ? { pid: parentAtStart, name: 'parent' } : endedLauncher(chain);
    if (!gone) return;
    clearInterval(timer);
    onGone(`${gone.name} (process ${gone.pid}) has ended`);
  }, options.intervalInMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}

interface Launcher {
  pid: number;
  ppid: number;
  name: string;
}

const MAX_LAUNCHER_DEPTH = 6;

/** The first launcher that is gone: missing itself, or the parent of one that was handed to another. */
function endedLauncher(chain: Launcher[]): { pid: number; name: string } | undefined {
  for (const [index, { pid, ppid, name }] of chain.entries()) {
    const stat = readStat(pid);
    if (!stat) return { pid, name };
    if (stat.ppid !== ppid) return chain[index + 1] ?? { pid: ppid, name: 'launcher' };
  }
  return undefined;
}

function launcherChain(env: NodeJS.ProcessEnv): Launcher[] {
  const chain: Launcher[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < MAX_LAUNCHER_DEPTH && pid > 1; depth += 1) {
    const stat = readStat(pid);
    if (!stat) break;
    const name = commandLine(pid) || stat.name;
    chain.push({ pid, ppid: stat.ppid, name });
    // Run by npm (it sets npm_lifecycle_event): everything up to npm itself belongs to `npm start`.
    if (!env.npm_lifecycle_event) break;
    if (isNpm(name)) return chain;
    pid = stat.ppid;
  }
  // npm not found above us: watch only the direct parent, never the user's shell or terminal.
  return chain.slice(0, 1);
}

function isNpm(commandLine: string): boolean {
  const [program = '', script = ''] = commandLine.split(' ');
  return /(^|\/)npm(\.cmd)?$/.test(program) || /npm-cli\.js$/.test(script);
}

function readStat(pid: number): { ppid: number; name: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid ...": the name may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { ppid, name } : undefined;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').trim();
  } catch {
    return '';
  }
}
