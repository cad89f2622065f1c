import type { z } from 'zod';
import type { AiResource } from '../clients/types.js';
import type { Action, Target, UpstreamState } from '../domain/operation.js';
import type { Outcome } from '../domain/outcome.js';

/**
 * An operation kind: everything the engine needs to know about one kind of target, supplied as small
 * functions (in the spirit of `@azure/core-lro`'s operation state + `poll`). The executor and the poller
 * know no service; they call these in this order:
 *
 *   executor, an action with `start`:  start -> record upstream, Running (next look after its Retry-After)
 *   executor, an action without start: read -> interpret [-> complete]
 *   poller, while Running:              read -> interpret [-> complete]
 *
 * Every service failure is an `AiServiceError` (retryable or not); the engine decides what happens next.
 * Each kind lives in its own folder under `src/kinds/` and is listed once in `src/kinds/index.ts`.
 */
export interface OperationKind<T extends Target = Target> {
  /** The `target.kind` this kind answers to, e.g. `customvoice-endpoint`. */
  readonly name: string;
  /** Strict schema of its target: `kind: z.literal(name)`, `resource: resourceNameSchema`, its own fields. */
  readonly targetSchema: z.ZodType<T>;
  /** What each accepted action does. A kind that starts nothing only has `status-check`. */
  readonly actions: Readonly<Partial<Record<Action, KindSteps<T>>>>;
  /** How people read the target in chat replies, e.g. `endpoint <id>`. Pure. */
  describe(target: T): string;
  /**
   * Refusals a schema cannot decide alone because they depend on the resource (e.g. a status monitor URL
   * that must be on the resource's own host). Pure. Answered as a 400 before anything is stored.
   */
  checkTarget?(target: T, resource: TargetCheckContext): TargetProblem | undefined;
  /**
   * What a command changes, e.g. one endpoint of one resource: commands with the same key that start
   * something run one at a time, in the order they were accepted (`src/engine/target-turn.ts`). Pure.
   * Without it the kind's commands never wait for each other.
   */
  targetKey?(target: T): string;
}

/** What `checkTarget` knows besides the target: the resource's endpoint and the environment's URL rule. */
export interface TargetCheckContext {
  endpoint: string;
  /**
   * Whether plain `http:` to a loopback host is acceptable for caller-supplied URLs: outside Azure only
   * (the webhook URL policy, `loopbackAllowedFromEnv`). Absent means no.
   */
  allowLoopbackHttp?: boolean;
}

/** Why a target cannot be accepted: an Azure-shaped error code and message, and the field at fault. */
export interface TargetProblem {
  code: string;
  message: string;
  target?: string;
}

/** What the kind's functions are given for one step. */
export interface KindContext<T extends Target = Target> {
  action: Action;
  target: T;
  /** The operation (command) id; kinds that start something send it upstream as `Operation-Id`. */
  operationId: string;
  /** What an earlier step recorded: the service's operation id, its `Operation-Location`, its word. */
  upstream: UpstreamState | undefined;
  /** The configured AI resource named by `target.resource`; clients are built over its pipeline. */
  resource: AiResource;
  now: Date;
  /**
   * False when no earlier try of this command can have reached the service (the first delivery of a
   * command nobody tried yet): `start` may then skip looking for the operation an earlier try started.
   * Absent means it may have: look.
   */
  mayHaveStartedBefore?: boolean;
}

/**
 * What `read` returns is the kind's own business; when it has a numeric `retryAfterInMs` (the service's
 * Retry-After on that read), the engine uses it as the polling hint if the outcome names no wait.
 */
export interface KindSteps<T extends Target = Target, R = unknown> {
  /**
   * Starts the work. Must be safe to call again for the same `operationId` (a redelivered message): look
   * for the operation an earlier try started before starting another. Returns what to follow, or an
   * outcome when there is nothing to start (e.g. the endpoint is already suspended).
   */
  start?(context: KindContext<T>): Promise<StartResult>;
  /**
   * The upstream operation an earlier try of this command (`operationId`) started, or undefined when the
   * service has none. `start` looks with it before starting; the executor looks again before it gives a
   * command up, since a start whose answer was lost may still have reached the service.
   */
  findStarted?(context: KindContext<T>): Promise<UpstreamState | undefined>;
  /** The upstream id a status check follows, shown as `upstream.operationId`. Pure. */
  upstreamIdOf?(target: T): string | undefined;
  /** The status monitor a status check follows, shown as `upstream.operationLocation`. Pure. */
  upstreamLocationOf?(target: T): string | undefined;
  /** One status read. */
  read(context: KindContext<T>): Promise<R>;
  /** The reading in the product's terms. Pure. */
  interpret(reading: R, context: KindContext<T>): Outcome;
  /**
   * Called once `interpret` says the work is over: fetches the result (e.g. the endpoint's final state)
   * and may still change the outcome (a resume that left the endpoint Disabled failed).
   */
  complete?(outcome: Outcome, reading: R, context: KindContext<T>): Promise<Outcome>;
}

export type StartResult =
  | {
      kind: 'started';
      /** The service's own operation id, status monitor and word, as it answered the start. */
      upstream: UpstreamState;
      /** The start answer's Retry-After (`retry-after-ms`, `x-ms-retry-after-ms`): when to look first. */
      retryAfterInMs?: number;
      /**
       * What makes this operation's duration differ from others of the same action on the same resource
       * (e.g. the endpoint kind); durations are kept apart per class for the next-look rule.
       */
      durationClass?: string;
    }
  | { kind: 'settled'; outcome: Outcome; upstream?: UpstreamState };

/**
 * Declares a kind with its own target type, widened for the registry. The widening is sound because every
 * target is checked against the kind's `targetSchema` (request and queue message) before its functions
 * see it.
 */
export function defineKind<T extends Target>(kind: OperationKind<T>): OperationKind {
  return kind;
}
