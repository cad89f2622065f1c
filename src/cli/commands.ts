import type { ParseArgsConfig } from 'node:util';
import type { ApiClient } from './api-client.js';
import { parseDuration, parsePositiveInteger } from './duration.js';
import { EXIT } from './exit-codes.js';
import {
  formatAliases,
  formatDeadLetters,
  formatOperation,
  formatOperationList,
  formatOverride,
  formatOverrides,
  formatReport,
  formatSchedule,
  formatSchedules,
} from './format.js';
import { progressLine, type ProgressStream } from './progress.js';
import {
  DEAD_LETTER_ENTITY_NAMES,
  type Alias,
  type DeadLetter,
  type Operation,
  type Override,
  type Page,
  type ReplayedDeadLetter,
  type SavingsReport,
  type Schedule,
} from './resources.js';
import { readScheduleFile } from './schedule-file.js';
import {
  TARGET_KINDS,
  buildTarget,
  endpointTarget,
  isTargetKind,
  targetOptionsOf,
  type TargetOptions,
} from './targets.js';
import { UsageError } from './usage-error.js';
import { waitForOperation } from './wait.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: ProgressStream;
  readStdin: () => Promise<string>;
  now: () => number;
}

export interface CommandContext extends CliIo {
  client: ApiClient;
  json: boolean;
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  /** The words that select it: `suspend`, `schedules put`. */
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec;
  run(context: CommandContext, values: Values, positionals: string[]): Promise<number>;
}

const DEFAULT_WAIT_TIMEOUT = '30m';

const WAIT_OPTIONS: OptionSpec = {
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
};

const SUBMIT_OPTIONS: OptionSpec = {
  ...WAIT_OPTIONS,
  'idempotency-key': { type: 'string' },
};

const TARGET_OPTIONS: OptionSpec = {
  resource: { type: 'string' },
  'endpoint-id': { type: 'string' },
  'operation-id': { type: 'string' },
  'project-name': { type: 'string' },
  'job-id': { type: 'string' },
  'operation-location': { type: 'string' },
};

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function printJson(context: CommandContext, value: unknown): void {
  context.stdout(JSON.stringify(value, null, 2));
}

function positional(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined) throw new UsageError(`Missing ${what}.`);
  return value;
}

function noMorePositionals(positionals: string[], allowed: number): void {
  if (positionals.length > allowed) {
    throw new UsageError(`Unexpected argument '${positionals[allowed] ?? ''}'.`);
  }
}

async function listAliases(client: ApiClient): Promise<Alias[]> {
  return ((await client.request('aliases')).body as Page<Alias>).value;
}

/** Waits with a progress line on stderr, then prints the operation; the exit code says how it ended. */
async function follow(context: CommandContext, id: string, values: Values): Promise<number> {
  const timeoutInMs = parseDuration(text(values, 'timeout') ?? DEFAULT_WAIT_TIMEOUT, 'timeout');
  const progress = progressLine(context.stderr);
  let operation: Operation;
  try {
    operation = await waitForOperation(context.client, id, {
      timeoutInMs,
      onProgress: (op, elapsed) => progress.update(op, elapsed),
    });
  } finally {
    progress.end();
  }
  showOperation(context, operation);
  return operation.status === 'Succeeded' ? EXIT.ok : EXIT.operationFailed;
}

function showOperation(context: CommandContext, operation: Operation): void {
  if (context.json) printJson(context, operation);
  else context.stdout(formatOperation(operation, context.now()));
}

async function submit(
  context: CommandContext,
  values: Values,
  body: { action: string; target: Record<string, string> },
): Promise<number> {
  const key = text(values, 'idempotency-key');
  if (values.wait) parseDuration(text(values, 'timeout') ?? DEFAULT_WAIT_TIMEOUT, 'timeout');
  const response = await context.client.request('commands', {
    method: 'POST',
    body,
    ...(key ? { headers: { 'Operation-Id': key } } : {}),
  });
  const operation = response.body as Operation;
  if (values.wait) {
    context.stderr.write(`Accepted operation ${operation.id}.\n`);
    return follow(context, operation.id, values);
  }
  showOperation(context, operation);
  if (!context.json) context.stderr.write(`Follow it with: cogops wait ${operation.id}\n`);
  return EXIT.ok;
}

function endpointCommand(action: 'suspend' | 'resume'): CommandSpec {
  return {
    name: action,
    usage: `${action} (<alias> | --resource <name> --endpoint-id <uuid>) [--wait] [--timeout 30m] [--idempotency-key <id>]`,
    summary: `${action === 'suspend' ? 'Suspends' : 'Resumes'} a custom voice endpoint.`,
    options: { ...SUBMIT_OPTIONS, resource: { type: 'string' }, 'endpoint-id': { type: 'string' } },
    async run(context, values, positionals) {
      noMorePositionals(positionals, 1);
      const target = await endpointTarget(positionals[0], values, () => listAliases(context.client));
      return submit(context, values, { action, target });
    },
  };
}

const statusCheck: CommandSpec = {
  name: 'status-check',
  usage:
    'status-check <kind> --resource <name> [--endpoint-id | --operation-id | --project-name --job-id | --operation-location] [--wait]\n' +
    `  kinds: ${TARGET_KINDS.map(
      (kind) =>
        `${kind} (${targetOptionsOf(kind)
          .map(([option]) => `--${option}`)
          .join(' ')})`,
    ).join(', ')}\n` +
    '  customvoice-endpoint also takes an alias: status-check customvoice-endpoint jessica',
  summary: 'Tracks an operation (or an endpoint) of an AI service until it ends.',
  options: { ...SUBMIT_OPTIONS, ...TARGET_OPTIONS },
  async run(context, values, positionals) {
    const kind = positional(positionals, 0, `target kind (one of ${TARGET_KINDS.join(', ')})`);
    if (!isTargetKind(kind)) {
      throw new UsageError(`Unknown target kind '${kind}'; use one of ${TARGET_KINDS.join(', ')}.`);
    }
    const alias = positionals[1];
    if (alias !== undefined && kind !== 'customvoice-endpoint') {
      throw new UsageError(`Only customvoice-endpoint takes an alias; ${kind} is named by options.`);
    }
    noMorePositionals(positionals, 2);
    const options = values as TargetOptions;
    const target =
      kind === 'customvoice-endpoint'
        ? await endpointTarget(alias, options, () => listAliases(context.client))
        : buildTarget(kind, options);
    return submit(context, values, { action: 'status-check', target });
  },
};

const get: CommandSpec = {
  name: 'get',
  usage: 'get <operation id>',
  summary: 'Shows an operation.',
  options: {},
  async run(context, _values, positionals) {
    const id = positional(positionals, 0, 'operation id');
    noMorePositionals(positionals, 1);
    showOperation(
      context,
      (await context.client.request(`operations/${encodeURIComponent(id)}`)).body as Operation,
    );
    return EXIT.ok;
  },
};

const wait: CommandSpec = {
  name: 'wait',
  usage: 'wait <operation id> [--timeout 30m]',
  summary: 'Follows an operation until it ends: exit 0 when it Succeeded, 1 when it Failed or was Canceled.',
  options: { timeout: { type: 'string' } },
  run(context, values, positionals) {
    const id = positional(positionals, 0, 'operation id');
    noMorePositionals(positionals, 1);
    return follow(context, id, values);
  },
};

const list: CommandSpec = {
  name: 'list',
  usage: 'list [--status <status>] [--kind <target kind>] [--top <n>] [--all]',
  summary: 'Lists operations (one page, or every page with --all).',
  options: {
    status: { type: 'string' },
    kind: { type: 'string' },
    top: { type: 'string' },
    all: { type: 'boolean' },
  },
  async run(context, values, positionals) {
    noMorePositionals(positionals, 0);
    const query = new URLSearchParams();
    for (const name of ['status', 'kind', 'top']) {
      const value = text(values, name);
      if (value !== undefined) query.set(name, value);
    }
    const operations: Operation[] = [];
    let next: string | undefined = `operations${query.size > 0 ? `?${query.toString()}` : ''}`;
    let nextLink: string | undefined;
    while (next) {
      const page = (await context.client.request(next)).body as Page<Operation>;
      operations.push(...page.value);
      nextLink = page.nextLink;
      next = values.all ? nextLink : undefined;
    }
    if (context.json) printJson(context, { value: operations, ...(nextLink ? { nextLink } : {}) });
    else context.stdout(formatOperationList(operations, context.now(), nextLink !== undefined));
    return EXIT.ok;
  },
};

const aliases: CommandSpec = {
  name: 'aliases',
  usage: 'aliases',
  summary: "Lists the app's endpoint aliases (ENDPOINT_ALIASES).",
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 0);
    const value = await listAliases(context.client);
    if (context.json) printJson(context, { value });
    else context.stdout(formatAliases(value));
    return EXIT.ok;
  },
};

const scheduleName = (positionals: string[]) =>
  encodeURIComponent(positional(positionals, 0, 'schedule name'));

const schedulesList: CommandSpec = {
  name: 'schedules list',
  usage: 'schedules list',
  summary: 'Lists the off-hours schedules with their next suspend and resume.',
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 0);
    const page = (await context.client.request('schedules')).body as Page<Schedule>;
    if (context.json) printJson(context, page);
    else context.stdout(formatSchedules(page.value));
    return EXIT.ok;
  },
};

const schedulesGet: CommandSpec = {
  name: 'schedules get',
  usage: 'schedules get <name>',
  summary: 'Shows a schedule.',
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 1);
    const schedule = (await context.client.request(`schedules/${scheduleName(positionals)}`))
      .body as Schedule;
    if (context.json) printJson(context, schedule);
    else context.stdout(formatSchedule(schedule));
    return EXIT.ok;
  },
};

const schedulesPut: CommandSpec = {
  name: 'schedules put',
  usage: 'schedules put [<name>] --file <schedule.yaml | schedule.json | ->',
  summary:
    "Creates or replaces a schedule from a YAML or JSON file (the name from the file's 'name' if not given).",
  options: { file: { type: 'string', short: 'f' } },
  async run(context, values, positionals) {
    noMorePositionals(positionals, 1);
    const path = text(values, 'file');
    if (!path)
      throw new UsageError('schedules put needs --file <path> (YAML or JSON; - for standard input).');
    const file = await readScheduleFile(path, context.readStdin);
    const name = positionals[0] ?? file.name;
    if (!name) throw new UsageError(`Give the schedule's name, or a 'name' in ${path}.`);
    if (positionals[0] !== undefined && file.name !== undefined && file.name !== positionals[0]) {
      throw new UsageError(`${path} names schedule '${file.name}', not '${positionals[0]}'.`);
    }
    const response = await context.client.request(`schedules/${encodeURIComponent(name)}`, {
      method: 'PUT',
      body: file.body,
    });
    const schedule = response.body as Schedule;
    if (context.json) printJson(context, schedule);
    else context.stdout(`${response.status === 201 ? 'Created' : 'Replaced'}: ${formatSchedule(schedule)}`);
    return EXIT.ok;
  },
};

const schedulesDelete: CommandSpec = {
  name: 'schedules delete',
  usage: 'schedules delete <name>',
  summary: 'Deletes a schedule.',
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 1);
    await context.client.request(`schedules/${scheduleName(positionals)}`, { method: 'DELETE' });
    if (context.json) printJson(context, { deleted: positionals[0] });
    else context.stdout(`Deleted schedule ${positionals[0]}.`);
    return EXIT.ok;
  },
};

const overridesList: CommandSpec = {
  name: 'overrides list',
  usage: 'overrides list <schedule>',
  summary: "Lists a schedule's active overrides.",
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 1);
    const page = (await context.client.request(`schedules/${scheduleName(positionals)}/overrides`))
      .body as Page<Override>;
    if (context.json) printJson(context, page);
    else context.stdout(formatOverrides(page.value));
    return EXIT.ok;
  },
};

/** `jessica` names an alias; `resource/endpointId` an endpoint. */
function overrideTarget(text: string): Record<string, string> {
  const slash = text.indexOf('/');
  return slash === -1
    ? { alias: text }
    : { resource: text.slice(0, slash), endpointId: text.slice(slash + 1) };
}

const overridesCreate: CommandSpec = {
  name: 'overrides create',
  usage:
    'overrides create <schedule> --hold <running | suspended> (--for 2h | --until <ISO date-time>) [--target <alias | resource/endpointId>]...',
  summary: "Holds the schedule's endpoints (all, or the --target ones) running or suspended for a while.",
  options: {
    hold: { type: 'string' },
    for: { type: 'string' },
    until: { type: 'string' },
    target: { type: 'string', multiple: true },
  },
  async run(context, values, positionals) {
    noMorePositionals(positionals, 1);
    const hold = text(values, 'hold');
    if (!hold) throw new UsageError('overrides create needs --hold running or --hold suspended.');
    const forText = text(values, 'for');
    const untilText = text(values, 'until');
    if ((forText === undefined) === (untilText === undefined)) {
      throw new UsageError('overrides create needs one of --for <duration> or --until <date-time>.');
    }
    const until = forText
      ? new Date(context.now() + parseDuration(forText, 'for')).toISOString()
      : (untilText ?? '');
    const targets = (values.target as string[] | undefined)?.map(overrideTarget);
    const response = await context.client.request(`schedules/${scheduleName(positionals)}/overrides`, {
      method: 'POST',
      body: { hold, until, ...(targets ? { targets } : {}) },
    });
    const override = response.body as Override;
    if (context.json) printJson(context, override);
    else context.stdout(formatOverride(override, context.now()));
    return EXIT.ok;
  },
};

const overridesEnd: CommandSpec = {
  name: 'overrides end',
  usage: 'overrides end <schedule> <override id>',
  summary: "Ends an override now; the schedule's state for this moment is restored.",
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 2);
    const id = encodeURIComponent(positional(positionals, 1, 'override id'));
    const response = await context.client.request(`schedules/${scheduleName(positionals)}/overrides/${id}`, {
      method: 'DELETE',
    });
    const override = response.body as Override;
    if (context.json) printJson(context, override);
    else context.stdout(`Ended. ${formatOverride(override, context.now())}`);
    return EXIT.ok;
  },
};

const report: CommandSpec = {
  name: 'report',
  usage: 'report <schedule> [--days 30]',
  summary: 'Hours each endpoint spent suspended through the schedule.',
  options: { days: { type: 'string' } },
  async run(context, values, positionals) {
    noMorePositionals(positionals, 1);
    const days = text(values, 'days');
    const query = days === undefined ? '' : `?days=${parsePositiveInteger(days, 'days')}`;
    const body = (await context.client.request(`schedules/${scheduleName(positionals)}/report${query}`))
      .body as SavingsReport;
    if (context.json) printJson(context, body);
    else context.stdout(formatReport(body));
    return EXIT.ok;
  },
};

function deadLetterEntity(value: string | undefined, what: string): string {
  if (value === undefined || !(DEAD_LETTER_ENTITY_NAMES as readonly string[]).includes(value)) {
    throw new UsageError(`${what} must be one of ${DEAD_LETTER_ENTITY_NAMES.join(', ')}.`);
  }
  return value;
}

/** `deadletters` and `deadletters list`: both entities unless `--entity` picks one. */
function deadLettersList(name: string): CommandSpec {
  return {
    name,
    usage: `${name} [--entity commands | deliveries] [--top N]`,
    summary: 'Lists dead-lettered commands and webhook deliveries, with the reason each was given up on.',
    options: { entity: { type: 'string' }, top: { type: 'string' } },
    async run(context, values, positionals) {
      noMorePositionals(positionals, 0);
      const entityText = text(values, 'entity');
      const entities =
        entityText === undefined ? [...DEAD_LETTER_ENTITY_NAMES] : [deadLetterEntity(entityText, '--entity')];
      const topText = text(values, 'top');
      const top = topText === undefined ? undefined : parsePositiveInteger(topText, 'top');
      const value: DeadLetter[] = [];
      for (const entity of entities) {
        const query = `entity=${entity}${top === undefined ? '' : `&top=${top}`}`;
        value.push(
          ...((await context.client.request(`deadletters?${query}`)).body as Page<DeadLetter>).value,
        );
      }
      if (context.json) printJson(context, { value });
      else context.stdout(formatDeadLetters(value, context.now()));
      return EXIT.ok;
    },
  };
}

const deadLettersReplay: CommandSpec = {
  name: 'deadletters replay',
  usage: 'deadletters replay <commands | deliveries> <id>',
  summary: 'Sends a dead letter back to its queue (once the cause is fixed) and removes it from the list.',
  options: {},
  async run(context, _values, positionals) {
    noMorePositionals(positionals, 2);
    const entity = deadLetterEntity(positionals[0], 'The entity');
    const id = positional(positionals, 1, 'dead letter id');
    const replayed = (
      await context.client.request(`deadletters/${entity}/${encodeURIComponent(id)}:replay`, {
        method: 'POST',
        body: {},
      })
    ).body as ReplayedDeadLetter;
    if (context.json) printJson(context, replayed);
    else context.stdout(`Replayed ${replayed.entity} ${replayed.id} as message ${replayed.messageId}.`);
    return EXIT.ok;
  },
};

export const COMMANDS: CommandSpec[] = [
  endpointCommand('suspend'),
  endpointCommand('resume'),
  statusCheck,
  get,
  wait,
  list,
  aliases,
  schedulesList,
  schedulesGet,
  schedulesPut,
  schedulesDelete,
  overridesList,
  overridesCreate,
  overridesEnd,
  report,
  deadLettersList('deadletters'),
  deadLettersList('deadletters list'),
  deadLettersReplay,
];
