import type { Action, OperationResource, Target } from '../domain/operation.js';
import { operationKinds } from '../kinds/index.js';
import type { HelpProblem } from './command-text.js';
import type { ChatOutcome } from './run-command.js';

/**
 * What people read, as plain text shared by every platform. Each platform escapes the text for its own
 * markup (see `slack.ts`, `teams.ts`), so nothing typed by a user can turn into a mention or a link.
 */

const ACTION_LABELS: Readonly<Record<Action, string>> = {
  suspend: 'suspend',
  resume: 'resume',
  'status-check': 'status check',
};

/** Custom voice endpoint statuses, said the way the person asked. */
const ENDPOINT_STATUS_WORDS: Readonly<Record<string, string>> = {
  Disabled: 'suspended',
  Disabling: 'being suspended',
  Succeeded: 'running',
  Resuming: 'resuming',
  Running: 'being deployed',
  NotStarted: 'not started',
  Failed: 'failed',
};

const USAGE = [
  'Commands:',
  '`suspend <alias>`: suspend a custom voice endpoint',
  '`resume <alias>`: resume it',
  '`status <operation id | alias>`: how an operation or an endpoint is doing',
  '`help`: this text',
].join('\n');

export function helpText(knownAliases: readonly string[], problem?: HelpProblem): string {
  return [problemLine(problem), USAGE, knownAliasesLine(knownAliases)]
    .filter((line) => line !== undefined)
    .join('\n');
}

/** The immediate answer to a command. */
export function outcomeText(outcome: ChatOutcome): string {
  switch (outcome.kind) {
    case 'help':
      return helpText(outcome.knownAliases, outcome.problem);
    case 'refused':
      return `Sorry, you are not allowed to use \`${outcome.verb}\` here. Ask an administrator to add you to CHATOPS_ALLOWED.`;
    case 'unknown-alias':
      return `I don't know '${typed(outcome.alias)}'. ${knownAliasesLine(outcome.knownAliases)}`;
    case 'queued': {
      const label = outcome.verb === 'status' ? 'status check' : outcome.verb;
      return outcome.created
        ? `${label} of ${outcome.alias} queued (operation ${outcome.operation.id})`
        : `${label} of ${outcome.alias} was already queued (operation ${outcome.operation.id})`;
    }
    case 'operation-status':
      return operationStatusText(outcome.operation, outcome.alias);
    case 'not-accepted':
      return `${outcome.verb} of ${outcome.alias} was not accepted: ${outcome.error.message}`;
  }
}

/** The notice once an operation is over: "jessica is suspended", or what went wrong in the service's words. */
export function completionText(operation: OperationResource, alias?: string): string {
  const subject = alias ?? describeTarget(operation.target);
  const label = ACTION_LABELS[operation.action];
  switch (operation.status) {
    case 'Succeeded': {
      if (operation.action === 'suspend') return `${subject} is suspended`;
      if (operation.action === 'resume') return `${subject} is resumed`;
      const endpointStatus = operation.result?.['endpointStatus'];
      if (typeof endpointStatus === 'string') return `${subject} is ${endpointStatusWord(endpointStatus)}`;
      return `${label} of ${subject} succeeded`;
    }
    case 'Failed': {
      const message = operation.error?.message ?? 'no reason was given';
      if (operation.error?.code === 'Expired') return `${label} of ${subject} expired: ${message}`;
      return `${label} of ${subject} failed: ${message}`;
    }
    case 'Canceled':
      return `${label} of ${subject} was canceled`;
    default:
      // Only terminal operations get a notice; a live status is worded by `operationStatusText`.
      return operationStatusText(operation, alias);
  }
}

export function operationStatusText(operation: OperationResource, alias?: string): string {
  const subject = alias ?? describeTarget(operation.target);
  const head = `Operation ${operation.id} (${ACTION_LABELS[operation.action]} of ${subject}): ${operation.status}`;
  if (operation.status === 'Failed' && operation.error) {
    return `${head}: ${operation.error.code}: ${operation.error.message}`;
  }
  const endpointStatus = operation.result?.['endpointStatus'];
  if (typeof endpointStatus === 'string')
    return `${head}; the endpoint is ${endpointStatusWord(endpointStatus)}`;
  if (operation.upstream?.status) return `${head} (service: ${operation.upstream.status})`;
  return head;
}

export function endpointStatusWord(status: string): string {
  return ENDPOINT_STATUS_WORDS[status] ?? `in state '${status}'`;
}

function describeTarget(target: Target): string {
  return operationKinds.describe(target);
}

function problemLine(problem: HelpProblem | undefined): string | undefined {
  if (problem === undefined) return undefined;
  switch (problem.kind) {
    case 'unknown-verb':
      return `I don't know the command '${typed(problem.word)}'.`;
    case 'missing-argument':
      return `\`${problem.verb}\` needs ${problem.verb === 'status' ? 'an operation id or an alias' : 'an alias'}.`;
    case 'extra-words':
      return `\`${problem.verb}\` takes exactly one ${problem.verb === 'status' ? 'operation id or alias' : 'alias'}.`;
  }
}

/** Longest piece of user input echoed back. */
const MAX_ECHO_LENGTH = 64;

function typed(text: string): string {
  return text.length > MAX_ECHO_LENGTH ? `${text.slice(0, MAX_ECHO_LENGTH)}…` : text;
}

function knownAliasesLine(knownAliases: readonly string[]): string {
  return knownAliases.length > 0
    ? `Known aliases: ${knownAliases.join(', ')}.`
    : 'No endpoint aliases are configured (ENDPOINT_ALIASES).';
}
