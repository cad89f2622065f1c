import type { Command } from '../domain/command.js';
import { invalidRequest } from '../domain/refusal.js';
import type { TargetProblem } from '../engine/kind.js';
import { commandOf, createOperationRecord, toResource, type LifecycleTimings } from '../domain/lifecycle.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { OperationAlreadyExistsError } from '../storage/errors.js';
import type { OperationStore } from '../storage/operation-store.js';
import type { CommandQueue, SubmitCommand, SubmitCommandInput } from './ports.js';
import { annotateActiveSpan } from '../telemetry/operation-attributes.js';
import { currentTraceCarrier } from '../telemetry/trace-context.js';

export interface SubmitCommandDeps {
  operations: OperationStore;
  commands: CommandQueue;
  clock: Clock;
  timings: LifecycleTimings;
  /** Names of the configured AI resources. */
  resourceNames(): string[];
  /** The target's kind refusing it on its resource (see `OperationKind.checkTarget`), if it does. */
  checkTarget?(target: SubmitCommandInput['target']): TargetProblem | undefined;
  /** The key under which the command takes its turn (see `KindRegistry.targetKeyOf`), if it needs one. */
  targetKeyOf?(
    target: SubmitCommandInput['target'],
    action: SubmitCommandInput['action'],
  ): string | undefined;
}

/**
 * Accepting a command: the record is written first (NotStarted, with a recovery time), then the command is
 * sent. If the send is lost, the poller finds the record due and sends the command again; if the record
 * already exists for this id, the same request gets the same operation and a different one is refused.
 */
export function createSubmitCommand(deps: SubmitCommandDeps): SubmitCommand {
  return async (input) => {
    const known = deps.resourceNames();
    if (!known.includes(input.target.resource)) {
      throw invalidRequest(
        'UnknownResource',
        `No AI resource named '${input.target.resource}' is configured${
          known.length > 0 ? ` (configured: ${known.join(', ')})` : ''
        }.`,
        'target.resource',
      );
    }
    const problem = deps.checkTarget?.(input.target);
    if (problem) throw invalidRequest(problem.code, problem.message, problem.target ?? 'target');
    const command: Command = {
      id: input.id ?? newId(),
      action: input.action,
      target: input.target,
      requestedBy: input.requestedBy,
      requestedDateTime: deps.clock.now().toISOString(),
    };
    const traceContext = currentTraceCarrier();
    const record = {
      ...createOperationRecord(
        command,
        deps.clock.now(),
        deps.timings,
        deps.targetKeyOf?.(command.target, command.action),
      ),
      ...(traceContext.traceparent ? { traceContext } : {}),
    };
    annotateActiveSpan(command);
    try {
      await deps.operations.create(record);
    } catch (error) {
      if (!(error instanceof OperationAlreadyExistsError)) throw error;
      const existing = await deps.operations.get(command.id);
      if (!existing) throw error;
      if (existing.record.requestHash !== record.requestHash) {
        throw invalidRequest(
          'OperationIdReused',
          `Operation-Id '${command.id}' was already used for a different request.`,
          'Operation-Id',
        );
      }
      // The earlier attempt may have stopped between the record and the send; sending again is safe
      // because the message id is the command id (duplicate detection) and the executor is idempotent.
      if (existing.record.status === 'NotStarted') await deps.commands.send(commandOf(existing.record));
      return { operation: toResource(existing.record), created: false };
    }
    await deps.commands.send(command);
    return { operation: toResource(record), created: true };
  };
}
