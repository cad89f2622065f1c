import { DeadLetterError } from '../bus/errors.js';
import { AiServiceError, UnknownResourceError } from '../clients/errors.js';
import type { AiResource, AiResourceRegistry } from '../clients/types.js';
import type { Command } from '../domain/command.js';
import {
  applyOutcome,
  createOperationRecord,
  deferStart,
  expire,
  fail,
  isOverdue,
  withUpstreamOperation,
  type LifecycleTimings,
} from '../domain/lifecycle.js';
import { isTerminalStatus, type OperationRecord, type UpstreamState } from '../domain/operation.js';
import { ERROR_CODES, running } from '../domain/outcome.js';
import type { CommandQueue, EventPublisher, Log } from '../pipeline/ports.js';
import { publishCompletion } from '../pipeline/publish-completion.js';
import type { Clock } from '../shared/clock.js';
import { ConcurrencyConflictError, OperationAlreadyExistsError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';
import { lookAt, trackedForCheck } from './follow.js';
import { findOwnUpstream } from './own-upstream.js';
import { claimOrWait } from './claim.js';
import { waitForTurn } from './wait-for-turn.js';
import type { KindContext, KindSteps } from './kind.js';
import type { KindRegistry } from './kind-registry.js';
import { afterPlannedWrite, planNextLook, type LookPlanDeps } from './look-plan.js';
import { operationLog } from '../telemetry/operation-log.js';
import { annotateActiveSpan } from '../telemetry/operation-attributes.js';
import { runPaced } from './pacing.js';
import { commandRetryDelayInMs } from './retry-delay.js';
import { rescheduleCommand, type Delivery } from './reschedule.js';

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
  /** How long an execution's in-progress claim stands (`claim.ts`); default 45 s. */
  claimDurationInMs?: number;
}

export type { Delivery } from './reschedule.js';

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
  if (await isUnderWay(deps, stored, log)) return;
  let record = stored.record;

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

  if (steps.start) {
    if (await waitForTurn(deps, command, stored, delivery.attempt, log)) return;
    const claimed = await claimOrWait(deps, command, stored, delivery.attempt, log);
    if (claimed.kind === 'waiting') return;
    if (claimed.kind === 'moved') {
      await isUnderWay(deps, claimed.stored, log);
      return;
    }
    stored = claimed.stored;
    record = stored.record;
  }

  try {
    const fresh = isFreshDelivery(record, delivery);
    const paced = await runPaced(resource, steps.start ? 'start' : 'check', deps.clock, (paced) =>
      perform(deps, command, record, steps, paced, fresh, log),
    );
    if (!paced.ran) {
      // Not now (the resource's budget, or a 429 holding it back): the same try comes back at its time,
      // unless the operation has already waited past its limit.
      const now = deps.clock.now();
      if (isOverdue(record, now, deps.timings)) {
        await saveAndPublish(deps, stored, expire(record, now, deps.timings), log);
      } else {
        // The rescheduled try is this execution's own: it must not find our claim and wait for it to expire.
        const released = steps.start ? await saveQuietly(deps, stored, stored.record) : stored;
        await rescheduleCommand(deps, released, command, delivery, paced.notBefore, paced.reason, log);
      }
      return;
    }
    stored = await saveAndPublish(deps, stored, paced.value, log);
    log.log(`Command ${command.id}: ${command.action} -> ${stored.record.status}.`);
  } catch (error) {
    if (!(error instanceof AiServiceError)) {
      // The message goes back to the bus: its redelivery must not wait for this execution's claim.
      if (steps.start) await saveQuietly(deps, stored, stored.record).catch(() => undefined);
      throw error;
    }
    const findStarted = () => findOwnUpstream(steps, kindContext(deps, command, record, resource));
    await handleServiceError(deps, command, stored, error, delivery, findStarted, log);
  }
}

function kindContext(
  deps: ExecutorDeps,
  command: Command,
  record: OperationRecord,
  resource: AiResource,
  fresh = false,
): KindContext {
  return {
    action: command.action,
    target: command.target,
    operationId: command.id,
    upstream: record.upstream,
    resource,
    now: deps.clock.now(),
    ...(fresh ? { mayHaveStartedBefore: false } : {}),
  };
}

/** A command already running upstream is the poller's; a terminal one only needs its event. */
async function isUnderWay(deps: ExecutorDeps, stored: StoredOperation, log: Log): Promise<boolean> {
  if (isTerminalStatus(stored.record.status)) {
    await publishCompletion(deps, stored, log);
    return true;
  }
  if (stored.record.status === 'Running') {
    log.log(`Command ${stored.record.id}: already running upstream; the poller follows it.`);
    return true;
  }
  return false;
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
    const targetKey = deps.kinds.targetKeyOf(command.target, command.action);
    return await deps.operations.create(
      createOperationRecord(command, deps.clock.now(), deps.timings, targetKey),
    );
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
  const context = kindContext(deps, command, record, resource, fresh);
  const now = context.now;
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
    // A try that waited (budget, busy target, a twin's claim) may follow a twin that did call.
    !delivery.waits &&
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
  findStarted: () => Promise<UpstreamState | undefined>,
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
  const started = error.retryable ? await findStarted() : undefined;
  if (started) {
    log.warn(`Command ${command.id}: ${error.code} on the last try, but its upstream operation exists.`);
    const record = withUpstreamOperation(stored.record, started);
    const next = applyOutcome(record, running(started.status ?? 'NotStarted'), now, deps.timings);
    await saveAndPublish(deps, stored, next, log);
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

/**
 * Writes `next` over `stored` unless another worker moved the record on first (then theirs stands and
 * `stored` is returned). Also how an execution releases its claim: `claimOrWait` hands the record back
 * without it.
 */
async function saveQuietly(
  deps: ExecutorDeps,
  stored: StoredOperation,
  next: OperationRecord,
): Promise<StoredOperation> {
  try {
    return await deps.operations.update(next, stored.etag);
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
    return stored;
  }
}
