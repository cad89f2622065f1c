import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, round2 } from './stats.js';
import type { BenchResult } from './types.js';

/**
 * What a Flex Consumption instance pays on every scale-out before the host can index a function: the
 * import of the built entry point (`npm run build`, then `dist/src/index.js`, as `package.json` `main`
 * says), each in a fresh Node process, against a hello-world `@azure/functions` app (one HTTP function)
 * imported the same way. Alternated, so load from the rest of the machine hits both alike.
 */
const RUNS = 9;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const run$ = promisify(execFile);

const HELLO_WORLD = `import { app } from '@azure/functions';
app.http('hello', { methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'Hello, world' }) });
`;

export async function run(): Promise<BenchResult> {
  console.log('  npm run build ...');
  await run$('npm', ['run', 'build'], { cwd: repoRoot });
  // Inside node_modules so that it resolves @azure/functions from this repo, outside the sources.
  const helloFolder = `${repoRoot}node_modules/.cache/cognitive-ops-bench`;
  await mkdir(helloFolder, { recursive: true });
  const helloWorld = `${helloFolder}/hello-world.mjs`;
  await writeFile(helloWorld, HELLO_WORLD);
  const entryPoint = `${repoRoot}dist/src/index.js`;

  const entryMs: number[] = [];
  const helloMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    entryMs.push(await importTimeMs(entryPoint));
    helloMs.push(await importTimeMs(helloWorld));
  }
  const entryMedianMs = median(entryMs);
  const helloMedianMs = median(helloMs);
  console.log(
    `  entry point ${entryMs.map(Math.round).join(' ')} ms; hello world ${helloMs.map(Math.round).join(' ')} ms`,
  );
  return {
    name: 'import of the Azure entry point (dist/src/index.js)',
    baselineName: 'import of a hello-world @azure/functions app',
    figures: {
      runs: RUNS,
      entryPointMedianMs: Math.round(entryMedianMs),
      helloWorldMedianMs: Math.round(helloMedianMs),
    },
    ratio: round2(entryMedianMs / helloMedianMs),
  };
}

/** The import's own duration inside a fresh process (Node's start-up is the same for both). */
async function importTimeMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)});
    process.stdout.write('IMPORT_MS ' + (performance.now() - t) + '\\n');`;
  const { stdout } = await run$(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '' },
  });
  const match = /IMPORT_MS (\S+)/.exec(stdout);
  if (!match) throw new Error(`No import time from ${file}: ${stdout}`);
  return Number(match[1]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}
