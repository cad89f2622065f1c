import { DeadLetterError } from '../bus/errors.js';
import { AiServiceError, UnknownResourceError } from '../clients/errors.js';
import type { AiResource, AiResourceRegistry } from '../clients/types.js';
import type { Command } from '../domain/command.js';
import {
  applyOutcome,
  createOperationRecord,
  deferStart,
  fail,
  withUpstreamOperation,
  type LifecycleTimings,
} from '../domain/lifecycle.js';
import { isTerminalStatus, type OperationRecord } from '../domain/operation.js';
import { ERROR_CODES, running } from '../domain/outcome.js';
import type { CommandQueue, EventPublisher, Log } from '../pipeline/ports.js';
import { publishCompletion } from '../pipeline/publish-completion.js';
import type { Clock } from '../shared/clock.js';
import { ConcurrencyConflictError, OperationAlreadyExistsError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';
import { lookAt, trackedForCheck } from './follow.js';
import type { KindContext, KindSteps } from './kind.js';
import type { KindRegistry } from './kind-registry.js';
import { afterPlannedWrite, planNextLook, type LookPlanDeps } from './look-plan.js';
import { operationLog } from '../telemetry/operation-log.js';
import { annotateActiveSpan } from '../telemetry/operation-attributes.js';
import { commandRetryDelayInMs } from './retry-delay.js';

export interface ExecutorDeps extends LookPlanDeps {
  operations: OperationStore;
  ai: AiResourceRegistry;
  kinds: KindRegistry;
  commands: CommandQueue;
  events: EventPublisher;
  clock: Clock;
  timings: LifecycleTimings;
  /** Tries at a command failing for a passing reason before it ends Failed. */
  maxAttempts: number;
}

export interface Delivery {
  /** Which try of the command this message is (1 for the original, then one per rescheduled retry). */
  attempt: number;
  /** The bus's delivery count of this message (1 on its first delivery); absent means unknown. */
  deliveryCount?: number;
}

/**
 * The queue-triggered executor. Order of steps, and why a crash between any two is harmless:
 * 1. the record exists before anything is called (created here if an outside producer sent the command);
 * 2. the service is called with `Operation-Id` = command id, so a redelivered message reaches the same
 *    upstream operation, and the executor looks for that operation before it calls again;
 * 3. the record is updated with its ETag; 4. a terminal record's event is published, then marked.
 * A message that can never be a command is dead-lettered with the reason.
 */
export async function executeCommand(
  deps: ExecutorDeps,
  message: unknown,
  delivery: Delivery,
  invocationLog: Log,
): Promise<void> {
  const command = parseCommandMessage(message, deps.kinds);
  annotateActiveSpan(command);
  const log = operationLog(invocationLog, command);
  let stored = await loadOrCreate(deps, command);
  const record = stored.record;
  if (isTerminalStatus(record.status)) {
    await publishCompletion(deps, stored, log);
    return;
  }
  if (record.status === 'Running') {
    log.log(`Command ${command.id}: already running upstream; the poller follows it.`);
    return;
  }

  const steps = deps.kinds.stepsFor(command.target.kind, command.action);
  if (!steps) {
    // The request schema only lets through actions the target's kind carries out; this guards the queue.
    const refused = fail(
      record,
      {
        code: 'InvalidCommand',
        message: `A ${command.target.kind} target cannot be the subject of ${command.action}.`,
      },
      deps.clock.now(),
    );
    await saveAndPublish(deps, stored, refused, log);
    return;
  }

  let resource: AiResource;
  try {
    resource = deps.ai.forResource(command.target.resource);
  } catch (error) {
    if (!(error instanceof UnknownResourceError)) throw error;
    const failedRecord = fail(
      record,
      {
        code: ERROR_CODES.UnknownResource,
        message: `No AI resource named '${command.target.resource}' is configured.`,
      },
      deps.clock.now(),
    );
    await saveAndPublish(deps, stored, failedRecord, log);
    return;
  }

  try {
    const next = await perform(
      deps,
      command,
      record,
      steps,
      resource,
      isFreshDelivery(record, delivery),
      log,
    );
    stored = await saveAndPublish(deps, stored, next, log);
    log.log(`Command ${command.id}: ${command.action} -> ${stored.record.status}.`);
  } catch (error) {
    if (!(error instanceof AiServiceError)) throw error;
    await handleServiceError(deps, command, stored, error, delivery, log);
  }
}

function parseCommandMessage(message: unknown, kinds: KindRegistry): Command {
  let body = message;
  if (Buffer.isBuffer(body)) body = body.toString('utf8');
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      throw new DeadLetterError('InvalidCommand', 'The message body is not JSON.');
    }
  }
  const parsed = kinds.schemas.commandMessage.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeadLetterError(
      'InvalidCommand',
      `The message is not a command: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid'}.`,
    );
  }
  return parsed.data;
}

async function loadOrCreate(deps: ExecutorDeps, command: Command): Promise<StoredOperation> {
  const existing = await deps.operations.get(command.id);
  if (existing) return existing;
  try {
    return await deps.operations.create(createOperationRecord(command, deps.clock.now(), deps.timings));
  } catch (error) {
    if (!(error instanceof OperationAlreadyExistsError)) throw error;
    const raced = await deps.operations.get(command.id);
    if (!raced) throw error;
    return raced;
  }
}

/**
 * One step of the command through its kind. A kind that starts something is asked to start (it first
 * looks for the upstream operation an earlier try of this command may have started, so a command never
 * starts a second one); the first look then waits for the start answer's Retry-After. A status check looks
 * at once.
 */
async function perform(
  deps: ExecutorDeps,
  command: Command,
  record: OperationRecord,
  steps: KindSteps,
  resource: AiResource,
  fresh: boolean,
  log: Log,
): Promise<OperationRecord> {
  const now = deps.clock.now();
  const context: KindContext = {
    action: command.action,
    target: command.target,
    operationId: command.id,
    upstream: record.upstream,
    resource,
    now,
    ...(fresh ? { mayHaveStartedBefore: false } : {}),
  };
  if (!steps.start) {
    const outcome = await lookAt(steps, context);
    const next = applyOutcome(trackedForCheck(record, steps), outcome, now, deps.timings);
    const retryAfterInMs = outcome.kind === 'running' ? outcome.retryAfterInMs : undefined;
    return planNextLook(deps, next, { now, retryAfterInMs, afterLook: true }, log);
  }
  const started = await steps.start(context);
  if (started.kind === 'settled') {
    const base = started.upstream ? withUpstreamOperation(record, started.upstream) : record;
    return applyOutcome(base, started.outcome, now, deps.timings);
  }
  const answeredAt = deps.clock.now();
  const withUpstream: OperationRecord = {
    ...withUpstreamOperation(record, started.upstream),
    polling: {
      look: record.polling?.look ?? 0,
      startedAt: answeredAt.toISOString(),
      ...(started.durationClass !== undefined ? { durationClass: started.durationClass } : {}),
    },
  };
  const next = applyOutcome(
    withUpstream,
    running(started.upstream.status ?? 'NotStarted', started.retryAfterInMs),
    answeredAt,
    deps.timings,
  );
  return planNextLook(
    deps,
    next,
    { now: answeredAt, retryAfterInMs: started.retryAfterInMs, afterLook: false },
    log,
  );
}

/**
 * The first delivery of a command nobody has tried yet: no earlier try can have reached the service, so
 * the kind may skip looking for one. A redelivery, a scheduled retry or a re-send by the poller (which
 * counts a check on the record) keeps the look-up.
 */
function isFreshDelivery(record: OperationRecord, delivery: Delivery): boolean {
  return (
    delivery.attempt === 1 &&
    delivery.deliveryCount === 1 &&
    record.status === 'NotStarted' &&
    record.checkCount === 0 &&
    record.upstream === undefined
  );
}

async function handleServiceError(
  deps: ExecutorDeps,
  command: Command,
  stored: StoredOperation,
  error: AiServiceError,
  delivery: Delivery,
  log: Log,
): Promise<void> {
  const now = deps.clock.now();
  if (error.retryable && delivery.attempt < deps.maxAttempts) {
    const delayInMs = commandRetryDelayInMs(delivery.attempt, error.retryAfterInMs);
    const retryAt = new Date(now.getTime() + delayInMs);
    const attempt = delivery.attempt + 1;
    await deps.commands.send(command, {
      notBefore: retryAt,
      messageId: `${command.id}:attempt:${attempt}`,
      attempt,
    });
    await saveQuietly(deps, stored, deferStart(stored.record, retryAt, deps.timings));
    log.warn(
      `Command ${command.id}: ${error.code} (${error.statusCode ?? 'no status'}); try ${attempt} of ${deps.maxAttempts} at ${retryAt.toISOString()}.`,
    );
    return;
  }
  const code = error.retryable ? ERROR_CODES.RetriesExhausted : error.code;
  const message = error.retryable
    ? `Gave up after ${delivery.attempt} tries: ${error.message}`
    : error.message;
  log.warn(`Command ${command.id}: failed with ${error.code} (${error.statusCode ?? 'no status'}).`);
  await saveAndPublish(deps, stored, fail(stored.record, { code, message }, now), log);
}

/**
 * Writes the next record with the ETag; on a conflict another worker already moved this operation on, so
 * its write stands and ours is dropped. A terminal record's event is then published.
 */
async function saveAndPublish(
  deps: ExecutorDeps,
  stored: StoredOperation,
  next: OperationRecord,
  log: Log,
): Promise<StoredOperation> {
  let saved: StoredOperation;
  try {
    saved = await deps.operations.update(next, stored.etag);
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
    const current = await deps.operations.get(next.id);
    // The only other writer of a NotStarted record is the poller's bookkeeping (re-send time, check
    // count): our result still stands, so it is written over that, keeping the higher count.
    if (current && current.record.status === 'NotStarted' && next.status !== 'NotStarted') {
      saved = await deps.operations.update(
        { ...next, checkCount: Math.max(next.checkCount, current.record.checkCount) },
        current.etag,
      );
    } else {
      log.warn(`Operation ${next.id}: changed by another worker; keeping its state.`);
      return current ?? stored;
    }
  }
  await afterPlannedWrite(deps, stored.record, saved.record, log);
  if (isTerminalStatus(saved.record.status)) return (await publishCompletion(deps, saved, log)).stored;
  return saved;
}

async function saveQuietly(
  deps: ExecutorDeps,
  stored: StoredOperation,
  next: OperationRecord,
): Promise<void> {
  try {
    await deps.operations.update(next, stored.etag);
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
  }
}
