import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../harness/standalone.js';
import {
  describeFailure,
  hostSettingsOf,
  REPO_ROOT,
  runExample,
  type ExampleContext,
} from './example-runner.js';
import { shellExamples, type ShellExample } from './markdown-examples.js';

/**
 * Issue 13: every shell example of README.md and docs/*.md runs, as written, against a real standalone
 * host (simulator included). One host serves every document, except that a document with a
 * `NAME=value npm start` block gets a host with those settings from that block on. Blocks run in order,
 * like a reader pasting them into one terminal; placeholders come from what earlier blocks printed.
 */

export const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

const examplesOf = (file: string): ShellExample[] =>
  shellExamples(readFileSync(join(REPO_ROOT, file), 'utf8'));

/** What a block marked not-run must contain: it needs Azure, installs, or starts what the test provides. */
const NEEDS_MORE_THAN_THIS_HOST = /\b(azd|az|func)\s|npm (ci|test|start|run)\b/;

let shared: TestHost | undefined;

beforeAll(async () => {
  shared = await startTestHost();
});
afterAll(async () => {
  await shared?.host.close();
});

describe('the docs mark what they cannot run here', () => {
  it('marks a block not-run only when it needs Azure, an install or a second host, and runs most of them', () => {
    const counts = DOCUMENTS.map((file) => {
      const examples = examplesOf(file);
      for (const example of examples.filter((e) => e.notRun)) {
        expect(example.code, `${file}:${example.line} is marked not-run (${example.notRun})`).toMatch(
          NEEDS_MORE_THAN_THIS_HOST,
        );
      }
      const notRun = examples.filter((e) => e.notRun).length;
      return { file, run: examples.length - notRun, notRun };
    });
    console.log(counts.map((c) => `${c.file}: ${c.run} run, ${c.notRun} not run`).join('\n'));
    const run = counts.reduce((sum, c) => sum + c.run, 0);
    const notRun = counts.reduce((sum, c) => sum + c.notRun, 0);
    expect(run).toBeGreaterThan(notRun);
  });
});

/** Generous: a block may wait for a few operations on a loaded machine (it is killed at 120 s anyway). */
const BLOCK_TEST_TIMEOUT_IN_MS = 180_000;

for (const file of DOCUMENTS.filter((f) => examplesOf(f).some((e) => !e.notRun))) {
  describe(`${file}`, () => {
    const context: ExampleContext & { host?: TestHost } = { appUrl: '', simulatorUrl: '', values: new Map() };
    const useHost = (host: TestHost) => {
      context.host = host;
      context.appUrl = host.host.url;
      context.simulatorUrl = host.host.simulatorUrl ?? '';
    };
    let ownHost: TestHost | undefined;
    afterAll(async () => {
      await ownHost?.host.close();
    });

    for (const example of examplesOf(file).filter((e) => !e.notRun)) {
      const title = `${file}:${example.line} ${example.code.split('\n')[0]?.slice(0, 80) ?? ''}`;
      if (example.startsHost) {
        it(
          `${title} (starts a host with these settings)`,
          async () => {
            const settings = await hostSettingsOf(example);
            await ownHost?.host.close();
            const host = await startTestHost({ settings });
            ownHost = host;
            useHost(host);
            const health = await host.api('/api/health');
            expect(health.status).toBe(200);
            expect(await health.json()).not.toHaveProperty('features');
          },
          BLOCK_TEST_TIMEOUT_IN_MS,
        );
        continue;
      }
      it(
        `${title}`,
        async () => {
          if (!context.host) useHost(shared!);
          for (const capture of example.captures) context.values.delete(capture.name);
          const result = await runExample(example, context);
          expect(result.code, describeFailure(file, example, result)).toBe(0);
          for (const capture of example.captures) {
            expect(
              context.values.get(capture.name),
              `${file}:${example.line} captures <${capture.name}>`,
            ).toBeTruthy();
          }
        },
        BLOCK_TEST_TIMEOUT_IN_MS,
      );
    }
  });
}
