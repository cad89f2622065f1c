import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import { createFunctionDefinitions } from '../../src/functions/all-functions.js';
import type { FunctionDefinition, HttpFunctionDefinition } from '../../src/functions/definition.js';
import { lazyDefinitions, registrationOf } from '../../src/functions/lazy-definitions.js';
import { FUNCTION_MANIFEST } from '../../src/functions/manifest.js';
import { HttpRequest, InvocationContext as Context } from '../../src/standalone/azure-functions-runtime.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const noServices = () => Promise.reject<AppServices>(new Error('Storage is unreachable in this test.'));

/** Packages only some functions need: the entry point must leave them to the first invocation. */
const DEFERRED_PACKAGES = [
  'zod',
  'zod-openapi',
  'croner',
  'standardwebhooks',
  '@azure/core-rest-pipeline',
  '@azure/data-tables',
  '@azure/identity',
  '@azure/service-bus',
];

/** Runs `import('./src/index.ts')` in a plain Node process; stdout/stderr plus every package it loaded. */
async function importEntryPoint(): Promise<{ output: string; packages: string[] }> {
  // A resolve hook in the child reports each package the entry point's import graph reaches.
  const hook = `data:text/javascript,${encodeURIComponent(
    `export async function resolve(s, c, next) { const r = await next(s, c);
       const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url); if (m) process.stderr.write('PACKAGE ' + m[1] + '\\n');
       return r; }`,
  )}`;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { register } from 'node:module'; register(${JSON.stringify(hook)}); await import('./src/index.ts');`,
    ],
    { cwd: repoRoot, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  const output = `${stdout}${stderr}`;
  const packages = [...new Set([...output.matchAll(/^PACKAGE (\S+)$/gm)].map((m) => m[1] ?? ''))];
  return { output, packages };
}

describe('the Azure Functions entry point (package.json main)', () => {
  it('loads under plain Node ESM, without I/O, registers every function of the shared list, and defers the SDKs', async () => {
    // Outside the Functions host, @azure/functions runs in test mode and names each registration it skips.
    const { output, packages } = await importEntryPoint();
    const registered = [...output.matchAll(/register function "([^"]+)"/g)].map((m) => m[1]);
    const expected = createFunctionDefinitions(noServices).map((definition) => definition.name);
    expect(registered.sort()).toEqual(expected.sort());
    expect(packages).toContain('@azure/functions');
    expect(packages.filter((name) => DEFERRED_PACKAGES.includes(name))).toEqual([]);
  });

  it('indexes each function exactly as its definition says (FUNCTION_MANIFEST matches all-functions.ts)', () => {
    const actual = createFunctionDefinitions(noServices).map(registrationOf);
    const hint = `src/functions/manifest.ts is out of date; its list should be:\n${actual
      .map((registration) => `  ${JSON.stringify(registration)},`)
      .join('\n')}`;
    expect(FUNCTION_MANIFEST, hint).toEqual(actual);
  });

  it('hands each invocation to the real handler of the same name, loading the definitions once', async () => {
    let loads = 0;
    const load = (): Promise<FunctionDefinition[]> => {
      loads++;
      return Promise.resolve(createFunctionDefinitions(noServices));
    };
    const lazy = lazyDefinitions(FUNCTION_MANIFEST, load);
    expect(loads).toBe(0);
    const health = lazy.find((d): d is HttpFunctionDefinition => d.name === 'health' && d.kind === 'http');
    const invoke = () =>
      health!.handler(
        new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' }),
        new Context({ functionName: 'health' }),
      );
    // The real health handler answers 503 when the services cannot be built.
    const first = await invoke();
    const second = await invoke();
    expect([first.status, second.status]).toEqual([503, 503]);
    expect(loads).toBe(1);
  });
});
