/**
 * The operation resource of the HTTP API (docs/design.md#contracts-the-product-keeps) and the record the app keeps for it.
 * Plain types only: no I/O lives here.
 */

export const OperationStatus = {
  NotStarted: 'NotStarted',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Canceled: 'Canceled',
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];

export const TERMINAL_STATUSES: readonly OperationStatus[] = ['Succeeded', 'Failed', 'Canceled'];

export function isTerminalStatus(status: OperationStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export const ACTIONS = ['suspend', 'resume', 'status-check'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What a command acts on. Each operation kind (`src/kinds/<kind>/`) defines its own fields and checks
 * them with its target schema; the life cycle only needs to know which kind and which AI resource.
 */
export interface Target {
  kind: string;
  resource: string;
  [field: string]: unknown;
}
export type TargetKind = string;

/** Where the outcome of a command should be told, besides the `operation-events` topic. */
export type ReplyAddress =
  | { kind: 'slack'; responseUrl: string; channelId?: string }
  | { kind: 'teams'; conversationId?: string }
  | { kind: 'webhook'; callbackUrl: string };

export const REQUEST_SOURCES = ['http', 'schedule', 'slack', 'teams', 'webhook'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

export interface RequestedBy {
  source: RequestSource;
  /** Who asked: a user id, a schedule name, a webhook id. Never a secret. */
  principal?: string;
  replyTo?: ReplyAddress;
}

export interface OperationError {
  code: string;
  message: string;
  details?: OperationError[];
}

export interface UpstreamState {
  operationId?: string;
  operationLocation?: string;
  /** The service's own status word, e.g. `Disabling`, `partiallyCompleted`. */
  status?: string;
}

/** The public operation resource, exactly as the HTTP API and completion events show it. */
export interface OperationResource {
  id: string;
  status: OperationStatus;
  action: Action;
  target: Target;
  createdDateTime: string;
  lastActionDateTime: string;
  upstream?: UpstreamState;
  result?: Record<string, unknown>;
  error?: OperationError;
}

/**
 * What the store keeps: the resource plus the bookkeeping the pipeline needs.
 * `nextCheckAt` is set exactly while the operation still needs work from the poller
 * (a status check, or a completion event not yet published); the store indexes on it.
 */
export interface OperationRecord extends OperationResource {
  requestedBy: RequestedBy;
  /** Hash of the accepted request, so a reused idempotency key with another body is refused. */
  requestHash: string;
  nextCheckAt?: string;
  /** Number of status checks made so far. */
  checkCount: number;
  /** Set once the completion event has been handed to the bus. */
  eventPublishedDateTime?: string;
  /**
   * What the command changes, from its kind (`OperationKind.targetKey`), when it must take its turn
   * behind earlier commands on the same thing. Indexed by the store while the record is not terminal.
   */
  targetKey?: string;
  /**
   * Set while an execution is calling the service to start the work (`src/engine/claim.ts`): a twin
   * execution that finds it live does not call. Never shown in the operation resource.
   */
  claim?: { holder: string; expiresAt: string };
  /** How the poller follows this operation while it runs (see `engine/next-look.ts`). */
  polling?: PollingState;
  /** W3C trace context of the request that issued the command: later steps (checks, event) join it. */
  traceContext?: { traceparent?: string; tracestate?: string };
}

/** Bookkeeping of the looks at a running operation. */
export interface PollingState {
  /** Number of the look planned next; a scheduled look message carries it, so stale ones are dropped. */
  look: number;
  /** When the operation started upstream (the start call answered), if this app started it. */
  startedAt?: string;
  /** When the last look that saw it still running was made. */
  lastLookAt?: string;
  /** The kind's word for what makes durations differ within an action (e.g. the endpoint kind). */
  durationClass?: string;
  /** True when a look message was sent for `look`: the safety sweep then leaves it a grace period. */
  scheduled?: boolean;
  /** When the service said the work ended, once it has. */
  endedAt?: string;
}
