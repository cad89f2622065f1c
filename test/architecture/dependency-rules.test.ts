import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of `.dependency-cruiser.cjs` fail `npm run lint` (its `lint:deps` step). Each case
 * writes a tiny tree with one forbidden import and runs the same command on it, so the proof is the exit
 * code and the rule named, not the rule text.
 */

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project with the given files under it; every other module the files import is created empty. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cogops-deps-'));
  made.push(dir);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Runs the lint step, as `npm run lint:deps` does, in `dir`: its exit code and the violations it printed. */
async function lintDeps(dir: string): Promise<{ code: number; violations: Violation[] }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', CONFIG], { cwd: dir });
    return { code: 0, violations: violationsOf(stdout) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, violations: violationsOf(failed.stdout ?? '') };
  }
}

/** The lines `error <rule>: <from> → <to>` of its report. */
function violationsOf(stdout: string): Violation[] {
  return [...stdout.matchAll(/error (\S+): (\S+) → (\S+)/g)].map(([, rule, from, to]) => ({
    rule: rule ?? '',
    from: from ?? '',
    to: to ?? '',
  }));
}

/** One forbidden import per rule: the importing file, its import, the file it reaches. */
const FORBIDDEN = [
  [
    'domain-is-pure',
    'src/domain/rule.ts',
    "import { client } from '../clients/client.js';",
    'src/clients/client.ts',
  ],
  [
    'engine-knows-no-kind',
    'src/engine/loop.ts',
    "import { kind } from '../kinds/face/kind.js';",
    'src/kinds/face/kind.ts',
  ],
  [
    'kinds-import-no-triggers',
    'src/kinds/face/kind.ts',
    "import { trigger } from '../../functions/poller.js';",
    'src/functions/poller.ts',
  ],
  [
    'only-edges-speak-http',
    'src/pipeline/submit.ts',
    "import { ApiError } from '../http/api-error.js';",
    'src/http/api-error.ts',
  ],
  [
    'only-hosts-import-triggers',
    'src/schedules/register.ts',
    "import { definition } from '../functions/definition.js';",
    'src/functions/definition.ts',
  ],
] as const;

describe('dependency rules', () => {
  it('fail the lint step for each forbidden import, naming the rule and both files', async () => {
    const files: Record<string, string> = {};
    for (const [, from, importLine, to] of FORBIDDEN) {
      const name = /\{ (\w+) \}/.exec(importLine)?.[1] ?? '';
      files[from] = `${files[from] ?? ''}${importLine}\nexport const ${name}Used = ${name};\n`;
      files[to] ??= '';
    }
    for (const [, , importLine, to] of FORBIDDEN) {
      const name = /\{ (\w+) \}/.exec(importLine)?.[1] ?? '';
      files[to] = `${files[to]}export const ${name} = 1;\n`;
    }
    const { code, violations } = await lintDeps(project(files));
    expect(code).not.toBe(0);
    for (const [rule, from, , to] of FORBIDDEN) {
      expect(violations, rule).toContainEqual({ rule, from, to });
    }
  });

  it('passes the same layout without the forbidden import', async () => {
    const dir = project({
      'src/domain/rule.ts': "import { id } from '../shared/ids.js';\nexport const used = id;\n",
      'src/shared/ids.ts': 'export const id = 1;\n',
      'src/clients/client.ts': "import { used } from '../domain/rule.js';\nexport const client = used;\n",
    });
    expect(await lintDeps(dir)).toEqual({ code: 0, violations: [] });
  });

  it('is part of npm run lint', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.lint).toContain('npm run lint:deps');
    expect(scripts['lint:deps']).toContain('depcruise src --config .dependency-cruiser.cjs');
  });
});
