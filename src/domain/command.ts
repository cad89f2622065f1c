import type { Action, RequestedBy, Target } from './operation.js';

/**
 * A command as it travels on the `commands` queue. Its `id` is fixed when the command is accepted
 * and is also the operation id; the upstream `Operation-Id` is derived from it, so every retry of the
 * same command sends the same one.
 */
export interface Command {
  id: string;
  action: Action;
  target: Target;
  requestedBy: RequestedBy;
  /** ISO 8601 instant at which the command was accepted. */
  requestedDateTime: string;
}
