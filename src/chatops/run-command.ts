import type { EndpointAliases } from '../config/aliases.js';
import { toResource } from '../domain/lifecycle.js';
import { RequestRefusedError } from '../domain/refusal.js';
import type { OperationResource, ReplyAddress, RequestSource, Target } from '../domain/operation.js';
import { isCustomVoiceEndpointTarget, type CustomVoiceEndpointTarget } from '../kinds/customvoice/target.js';
import type { SubmitCommand } from '../pipeline/ports.js';
import type { OperationStore } from '../storage/operation-store.js';
import type { ChatCommand, HelpProblem } from './command-text.js';
import { isAllowed, type ChatOpsPermissions, type ChatPlatform, type ChatVerb } from './permissions.js';

/**
 * One chat command from any platform, after its signature was checked: permission, alias, then either a
 * submitted command or an answer read from the store. Returns what happened; each platform words it.
 */

export interface ChatRequest {
  platform: ChatPlatform;
  command: ChatCommand;
  /** Ids the request proves about the caller (user ids, channel id), for `CHATOPS_ALLOWED`. */
  callerIds: readonly string[];
  /** Recorded as `requestedBy`. */
  requestedBy: { source: Extract<RequestSource, 'slack' | 'teams' | 'webhook'>; principal: string };
  replyTo?: ReplyAddress;
  /** Fixed command id (an idempotency key), when the platform gives one. */
  commandId?: string;
  /** An endpoint named directly rather than by alias (generic webhook); used instead of an alias lookup. */
  explicitTarget?: CustomVoiceEndpointTarget;
}

export type ChatOutcome =
  | { kind: 'help'; problem?: HelpProblem; knownAliases: string[] }
  | { kind: 'refused'; verb: ChatVerb }
  | { kind: 'unknown-alias'; alias: string; knownAliases: string[] }
  | { kind: 'queued'; verb: ChatVerb; alias: string; operation: OperationResource; created: boolean }
  | { kind: 'operation-status'; operation: OperationResource; alias?: string }
  | { kind: 'not-accepted'; verb: ChatVerb; alias: string; error: RequestRefusedError };

/** The part of `ChatOpsDeps` a command needs, so a handler passes its deps as they are. */
export interface RunChatCommandDeps {
  config: { permissions: ChatOpsPermissions };
  aliases: EndpointAliases;
  submit: SubmitCommand;
  operations: Pick<OperationStore, 'get'>;
}

export async function runChatCommand(request: ChatRequest, deps: RunChatCommandDeps): Promise<ChatOutcome> {
  const { command } = request;
  const knownAliases = Object.keys(deps.aliases).sort();
  if (command.verb === 'help') {
    return command.problem
      ? { kind: 'help', problem: command.problem, knownAliases }
      : { kind: 'help', knownAliases };
  }
  // Permission first: a refused caller learns nothing about aliases or operations.
  if (!isAllowed(deps.config.permissions, request.platform, command.verb, request.callerIds)) {
    return { kind: 'refused', verb: command.verb };
  }

  if (request.explicitTarget) {
    const name =
      aliasOf(deps.aliases, request.explicitTarget) ?? `endpoint ${request.explicitTarget.endpointId}`;
    return submit(request, command.verb, name, request.explicitTarget, deps.submit);
  }
  const aliasName = command.verb === 'status' ? command.subject.toLowerCase() : command.alias;
  const alias = deps.aliases[aliasName];
  if (alias === undefined) {
    if (command.verb === 'status') {
      const stored = await deps.operations.get(command.subject);
      if (stored) {
        const operation = toResource(stored.record);
        const name = aliasOf(deps.aliases, operation.target);
        return name === undefined
          ? { kind: 'operation-status', operation }
          : { kind: 'operation-status', operation, alias: name };
      }
    }
    return {
      kind: 'unknown-alias',
      alias: command.verb === 'status' ? command.subject : aliasName,
      knownAliases,
    };
  }

  const target: CustomVoiceEndpointTarget = {
    kind: 'customvoice-endpoint',
    resource: alias.resource,
    endpointId: alias.endpointId,
  };
  return submit(request, command.verb, aliasName, target, deps.submit);
}

async function submit(
  request: ChatRequest,
  verb: ChatVerb,
  name: string,
  target: CustomVoiceEndpointTarget,
  submitCommand: SubmitCommand,
): Promise<ChatOutcome> {
  try {
    const { operation, created } = await submitCommand({
      ...(request.commandId ? { id: request.commandId } : {}),
      action: verb === 'status' ? 'status-check' : verb,
      target,
      requestedBy: {
        ...request.requestedBy,
        ...(request.replyTo ? { replyTo: request.replyTo } : {}),
      },
    });
    return { kind: 'queued', verb, alias: name, operation, created };
  } catch (error) {
    // A caller's mistake the API would answer with 400 (an alias pointing at an unconfigured resource,
    // an id reused for another request) is told to the person; anything else is the server's problem.
    if (error instanceof RequestRefusedError) {
      return { kind: 'not-accepted', verb, alias: name, error };
    }
    throw error;
  }
}

/** The alias naming an endpoint target, if one does; completion notices use it to speak like the user. */
export function aliasOf(aliases: EndpointAliases, target: Target): string | undefined {
  if (!isCustomVoiceEndpointTarget(target)) return undefined;
  return Object.keys(aliases)
    .sort()
    .find((name) => {
      const alias = aliases[name];
      return (
        alias !== undefined &&
        alias.resource === target.resource &&
        alias.endpointId.toLowerCase() === target.endpointId.toLowerCase()
      );
    });
}

/** The operation an outcome is about, for log lines. */
export function operationIdOf(outcome: ChatOutcome): string | undefined {
  return outcome.kind === 'queued' || outcome.kind === 'operation-status' ? outcome.operation.id : undefined;
}
