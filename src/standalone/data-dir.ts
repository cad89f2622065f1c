import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StartupError } from './startup-error.js';

export const DEFAULT_DATA_DIR = '.standalone-data';
const OWNER_FILE = 'owner.pid';

/** Where `npm start` keeps its state: a directory, or undefined for `memory`. */
export function dataDirFromSetting(value: string | undefined, cwd: string): string | undefined {
  const setting = value?.trim() || DEFAULT_DATA_DIR;
  return setting.toLowerCase() === 'memory' ? undefined : resolve(cwd, setting);
}

export interface ClaimedDataDir {
  root: string;
  /** Azurite's `--location`. */
  tables: string;
  /** The local bus's journal. */
  bus: string;
  release(): void;
}

/**
 * Takes the data directory for this process. Two hosts on one directory would interleave their bus
 * journals and overwrite each other's tables, so a directory whose recorded owner is still running is
 * refused; one left by a process that died (a crash, `kill -9`) is taken over.
 */
export function claimDataDir(root: string): ClaimedDataDir {
  const ownerFile = join(root, OWNER_FILE);
  try {
    mkdirSync(root, { recursive: true });
    for (;;) {
      try {
        writeFileSync(ownerFile, String(process.pid), { flag: 'wx' });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(ownerFile, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
          throw new StartupError(
            'STANDALONE_DATA_DIR',
            `STANDALONE_DATA_DIR: ${root} is in use by another running host (process ${owner}); stop it or set STANDALONE_DATA_DIR to another directory.`,
          );
        }
        rmSync(ownerFile, { force: true });
      }
    }
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      'STANDALONE_DATA_DIR',
      `STANDALONE_DATA_DIR: cannot use ${root}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return {
    root,
    tables: join(root, 'tables'),
    bus: join(root, 'bus'),
    release: () => rmSync(ownerFile, { force: true }),
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
