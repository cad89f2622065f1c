import type { Command } from '../domain/command.js';
import type { Action, OperationResource, RequestedBy, Target } from '../domain/operation.js';

/** Puts commands on the `commands` queue; `messageId` defaults to the command id (duplicate detection). */
export interface CommandQueue {
  send(command: Command, options?: { notBefore?: Date; messageId?: string }): Promise<void>;
}

export interface SubmitCommandInput {
  /** Fixed id for the command (an idempotency key, or a deterministic id); a fresh UUID when absent. */
  id?: string;
  action: Action;
  target: Target;
  requestedBy: RequestedBy;
}

export interface SubmitResult {
  operation: OperationResource;
  /** False when the id was already known and the same request returned the existing operation. */
  created: boolean;
}

/**
 * Accepts a command: records the operation (`NotStarted`) and enqueues the command, exactly once per id.
 * Throws `ApiError` (400) for an unknown resource or an id reused with a different request.
 */
export type SubmitCommand = (input: SubmitCommandInput) => Promise<SubmitResult>;
