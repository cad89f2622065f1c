import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimDataDir, dataDirFromSetting } from '../../src/standalone/data-dir.js';

describe('STANDALONE_DATA_DIR', () => {
  const roots: string[] = [];
  const freshRoot = (): string => {
    const root = mkdtempSync(join(tmpdir(), 'data-dir-'));
    roots.push(root);
    return root;
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('defaults to .standalone-data in the working directory, and memory means none', () => {
    expect(dataDirFromSetting(undefined, '/work/app')).toBe('/work/app/.standalone-data');
    expect(dataDirFromSetting('  ', '/work/app')).toBe('/work/app/.standalone-data');
    expect(dataDirFromSetting('state', '/work/app')).toBe('/work/app/state');
    expect(dataDirFromSetting('/var/cogops', '/work/app')).toBe('/var/cogops');
    expect(dataDirFromSetting('memory', '/work/app')).toBeUndefined();
  });

  it('refuses a directory whose owner is still running, naming the setting', () => {
    const root = freshRoot();
    mkdirSync(root, { recursive: true });
    // The test runner's parent: a process that is certainly alive and is not this one.
    writeFileSync(join(root, 'owner.pid'), String(process.ppid));
    expect(() => claimDataDir(root)).toThrow(
      expect.objectContaining({ name: 'StartupError', setting: 'STANDALONE_DATA_DIR' }),
    );
  });

  it('takes over a directory left by a process that died, and gives it up on release', () => {
    const root = freshRoot();
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(root, 'owner.pid'), exited.stdout.toString());

    const claimed = claimDataDir(root);
    expect(readFileSync(join(root, 'owner.pid'), 'utf8')).toBe(String(process.pid));
    expect(claimed).toMatchObject({ tables: join(root, 'tables'), bus: join(root, 'bus') });
    claimed.release();
    expect(() => readFileSync(join(root, 'owner.pid'))).toThrow();
  });
});
