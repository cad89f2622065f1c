import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  capturedValue,
  hostSettingNames,
  placeholdersOf,
  PLACEHOLDER,
  type ShellExample,
} from './markdown-examples.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The addresses the docs use (those of `npm start`), replaced by the test host's own. */
export const DOCUMENTED_APP_URL = 'http://127.0.0.1:7071';
export const DOCUMENTED_SIMULATOR_URL = 'http://127.0.0.1:7072';

const BLOCK_TIMEOUT_IN_MS = 120_000;

/**
 * Runs before every block. `set -e -o pipefail`: a block fails when any of its commands does. curl exits
 * 0 on a 4xx/5xx answer, which a reader would still see as the example failing, so it runs with
 * `--fail-with-body` (the answer is printed, the exit status is 22); `--max-time` keeps a hung call from
 * holding up the suite. `npx cogops` runs the file npx would resolve it to (package.json `bin`) without
 * npm's own start-up, seconds per call on a loaded machine; any other `npx` is left alone.
 */
const PRELUDE = `set -e -o pipefail
curl() { command curl --fail-with-body --max-time 60 "$@"; }
npx() { if [ "$1" = cogops ]; then shift; node ${JSON.stringify(`${REPO_ROOT}bin/cogops.mjs`)} "$@"; else command npx "$@"; fi; }
`;

export interface ExampleContext {
  appUrl: string;
  simulatorUrl: string;
  /** Placeholder values captured from earlier blocks of the document. */
  values: Map<string, string>;
}

export interface BlockResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The block as it runs here: the test host's addresses, and the placeholders filled in. */
export function scriptOf(example: ShellExample, context: ExampleContext): string {
  const missing = placeholdersOf(example.code).filter((name) => !context.values.has(name));
  if (missing.length > 0) {
    throw new Error(
      `line ${example.line}: no earlier block captures ${missing.map((n) => `<${n}>`).join(', ')} ` +
        '(add <!-- example: capture NAME /REGEX/ --> before the block whose output holds it)',
    );
  }
  return example.code
    .replaceAll(DOCUMENTED_APP_URL, context.appUrl)
    .replaceAll(DOCUMENTED_SIMULATOR_URL, context.simulatorUrl)
    .replace(PLACEHOLDER, (_, name: string) => context.values.get(name) ?? '');
}

/** The environment of a block: nothing of the developer's own but PATH and HOME; npm never goes online. */
function blockEnv(context: Pick<ExampleContext, 'appUrl'>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LANG: 'C.UTF-8',
    COGOPS_URL: context.appUrl,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
  };
}

export function runBash(script: string, env: Record<string, string>): Promise<BlockResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', PRELUDE + script], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(example runner: killed after ${BLOCK_TIMEOUT_IN_MS / 1000} s)`;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, BLOCK_TIMEOUT_IN_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs one block and records what it captures for the later ones. */
export async function runExample(example: ShellExample, context: ExampleContext): Promise<BlockResult> {
  const result = await runBash(scriptOf(example, context), blockEnv(context));
  for (const capture of example.captures) {
    const value = capturedValue(result.stdout, capture.pattern);
    if (value !== undefined) context.values.set(capture.name, value.trim());
  }
  return result;
}

/**
 * The settings of a `NAME=value ... npm start` block as bash reads them (quotes, escapes and all): the
 * block is run with `npm start` replaced by a command that prints its environment.
 */
export async function hostSettingsOf(example: ShellExample): Promise<Record<string, string>> {
  const printEnv = `node -e 'process.stdout.write(JSON.stringify(process.env))'`;
  const result = await runBash(example.code.replace(/npm start\s*$/gm, printEnv), {
    PATH: process.env.PATH ?? '',
  });
  if (result.code !== 0) throw new Error(`line ${example.line}: ${result.stderr}`);
  const env = JSON.parse(result.stdout) as Record<string, string>;
  return Object.fromEntries(hostSettingNames(example.code).map((name) => [name, env[name] ?? '']));
}

/** What a failed block printed, for the assertion message. */
export function describeFailure(file: string, example: ShellExample, result: BlockResult): string {
  const tail = (text: string) => text.split('\n').slice(-25).join('\n');
  return [
    `${file}:${example.line}: the example exited ${String(result.code)}`,
    example.code,
    '--- stdout:',
    tail(result.stdout),
    '--- stderr:',
    tail(result.stderr),
  ].join('\n');
}
