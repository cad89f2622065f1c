import { parseArgs } from 'node:util';
import { ApiClient, ApiResponseError, ConnectionError } from './api-client.js';
import { COMMANDS, type CliIo, type CommandSpec, type Values } from './commands.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';
import { WaitTimeoutError } from './wait.js';

export const DEFAULT_URL = 'http://127.0.0.1:7071';

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Leading global options may come before the command words: `cogops --json list`. */
function splitLeadingGlobals(args: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let index = 0;
  while (index < args.length) {
    const arg = args[index] ?? '';
    if (arg === '--json' || arg === '--help' || arg === '-h' || /^--(url|key)=/.test(arg)) {
      globals.push(arg);
      index += 1;
    } else if (arg === '--url' || arg === '--key') {
      globals.push(arg, args[index + 1] ?? '');
      index += 2;
    } else break;
  }
  return { globals, rest: args.slice(index) };
}

function findCommand(words: string[]): { command: CommandSpec; consumed: number } | undefined {
  for (const consumed of [2, 1]) {
    const name = words.slice(0, consumed).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, consumed };
  }
  return undefined;
}

export function helpText(): string {
  return [
    'cogops: drive cognitive-ops through its HTTP API.',
    '',
    'Usage: cogops <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.split('\n').join('\n    ')}\n      ${c.summary}`),
    '',
    'Global options:',
    `  --url <url>   the app (default: COGOPS_URL, else ${DEFAULT_URL})`,
    '  --key <key>   function key, sent as x-functions-key (default: COGOPS_KEY)',
    '  --json        print the API resources as JSON, for scripts',
    '',
    'Exit codes: 0 done (wait: Succeeded), 1 operation Failed or Canceled, 2 bad command line,',
    '3 the app refused the request or could not be reached, 4 --timeout ran out.',
  ].join('\n');
}

/** Runs one command line; returns the exit code. Never throws for anything a user can cause. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const { globals, rest } = splitLeadingGlobals(args);
  const found = findCommand(rest);
  let json = globals.includes('--json') || rest.includes('--json');
  try {
    if (!found) {
      const wantsHelp =
        rest.length === 0 || rest[0] === 'help' || globals.some((g) => g === '--help' || g === '-h');
      if (wantsHelp) {
        io.stdout(helpText());
        return rest.length === 0 && !globals.length ? EXIT.usage : EXIT.ok;
      }
      throw new UsageError(`Unknown command '${rest.slice(0, 2).join(' ')}'.`);
    }
    const { command, consumed } = found;
    const parsed = parseArgs({
      args: [...globals, ...rest.slice(consumed)],
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Values;
    json = values.json === true;
    if (values.help) {
      io.stdout(`Usage: cogops ${command.usage}\n  ${command.summary}`);
      return EXIT.ok;
    }
    const client = new ApiClient({
      baseUrl: (values.url as string | undefined) ?? env.COGOPS_URL ?? DEFAULT_URL,
      ...(((values.key as string | undefined) ?? env.COGOPS_KEY)
        ? { key: (values.key as string | undefined) ?? env.COGOPS_KEY }
        : {}),
    });
    return await command.run({ ...io, client, json }, values, parsed.positionals);
  } catch (error) {
    return report(error, io, json, found?.command);
  }
}

function report(error: unknown, io: CliIo, json: boolean, command: CommandSpec | undefined): number {
  const say = (line: string) => io.stderr.write(`cogops: ${line}\n`);
  if (error instanceof ApiResponseError) {
    const { code, message, target, details } = error.error;
    say(`${error.status} ${code}: ${message}${target ? ` (target: ${target})` : ''}`);
    // A single detail usually repeats the message; show details only when they add something.
    const extra = (details ?? []).filter((d) => !message.includes(d.message));
    for (const detail of extra) {
      say(`  ${detail.code}: ${detail.message}${detail.target ? ` (target: ${detail.target})` : ''}`);
    }
    if (json) io.stdout(JSON.stringify({ status: error.status, error: error.error }, null, 2));
    return EXIT.apiError;
  }
  if (error instanceof ConnectionError) {
    say(error.message);
    return EXIT.apiError;
  }
  if (error instanceof WaitTimeoutError) {
    say(error.message);
    if (json) io.stdout(JSON.stringify(error.operation, null, 2));
    return EXIT.timedOut;
  }
  if (error instanceof UsageError || isParseArgsError(error)) {
    say((error as Error).message);
    say(
      command
        ? `usage: cogops ${command.usage.split('\n')[0] ?? ''}`
        : "run 'cogops --help' for the commands.",
    );
    return EXIT.usage;
  }
  throw error;
}

/** node:util parseArgs throws TypeErrors with an `ERR_PARSE_ARGS_*` code for unknown or malformed options. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
