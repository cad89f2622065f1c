import type { Command } from '../domain/command.js';
import type { OperationRecord } from '../domain/operation.js';
import type { CommandQueue, Log } from '../pipeline/ports.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { ConcurrencyConflictError } from '../storage/errors.js';
import type { OperationStore, StoredOperation } from '../storage/operation-store.js';

/**
 * The in-progress claim: before it calls the service to start something, an execution writes on the
 * record, with the record's ETag, who is calling and until when. A twin execution of the same command
 * (a lock lost, a poller re-send, a second host on the same store) then finds the claim and does not call;
 * it looks again once the claim has expired. A claim left by a worker that died expires, and the next
 * execution finishes the work (its start first looks for the upstream operation the dead one may have
 * started). The claim is short: about one upstream call and its inline retries, so a crash delays the
 * command by that much at most.
 */
export interface StartClaim {
  /** A fresh id per execution. */
  holder: string;
  expiresAt: string;
}

export const DEFAULT_CLAIM_DURATION_IN_MS = 45_000;

/** The claim on the record that still stands at `now`, whoever holds it. Pure. */
export function liveClaimOf(record: OperationRecord, now: Date): StartClaim | undefined {
  const claim = record.claim;
  return claim && Date.parse(claim.expiresAt) > now.getTime() ? claim : undefined;
}

/** The record without its claim: what the holder writes once the call is over, whatever its result. Pure. */
export function withoutClaim(record: OperationRecord): OperationRecord {
  const { claim: _released, ...rest } = record;
  return rest;
}

export type ClaimResult =
  /** Ours: `stored` is the record without the claim, with the ETag of the claim's write. */
  | { kind: 'claimed'; stored: StoredOperation }
  /** Someone else is calling; look again after `until`. */
  | { kind: 'held'; until: Date }
  /** The record moved on (Running or terminal) while we looked: nothing to start. */
  | { kind: 'moved'; stored: StoredOperation };

/** Bookkeeping writes (the poller's re-send marker) may race the claim; a few rereads settle it. */
const MAX_CLAIM_TRIES = 3;

/** Writes this execution's claim on a NotStarted record, unless another live claim stands. */
export async function claimStart(
  operations: OperationStore,
  initial: StoredOperation,
  holder: string,
  now: Date,
  durationInMs: number,
): Promise<ClaimResult> {
  let stored = initial;
  for (let tries = 1; ; tries++) {
    if (stored.record.status !== 'NotStarted') return { kind: 'moved', stored };
    const live = liveClaimOf(stored.record, now);
    if (live && live.holder !== holder) return { kind: 'held', until: new Date(live.expiresAt) };
    const claim: StartClaim = { holder, expiresAt: new Date(now.getTime() + durationInMs).toISOString() };
    try {
      const saved = await operations.update({ ...stored.record, claim }, stored.etag);
      return { kind: 'claimed', stored: { record: withoutClaim(saved.record), etag: saved.etag } };
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || tries >= MAX_CLAIM_TRIES) throw error;
      const current = await operations.get(stored.record.id);
      if (!current) throw error;
      stored = current;
    }
  }
}

export interface ClaimDeps {
  operations: OperationStore;
  commands: CommandQueue;
  clock: Clock;
  /** How long a claim stands (`EXECUTOR_CLAIM_SECONDS`); default 45 s. */
  claimDurationInMs?: number;
}

/** A twin looks again this long after the claim it found expires, so it finds it expired. */
const AFTER_EXPIRY_IN_MS = 1_000;

/**
 * Claims the start for this execution, or, when another live claim stands, sends the command again for
 * just after that claim's expiry (the same try: waiting is not a failure) and returns `waiting`. Twins
 * that find the same claim send the same message id, so the bus keeps one of their messages.
 */
export async function claimOrWait(
  deps: ClaimDeps,
  command: Command,
  stored: StoredOperation,
  attempt: number,
  log: Log,
): Promise<Exclude<ClaimResult, { kind: 'held' }> | { kind: 'waiting' }> {
  const now = deps.clock.now();
  const durationInMs = deps.claimDurationInMs ?? DEFAULT_CLAIM_DURATION_IN_MS;
  const result = await claimStart(deps.operations, stored, newId(), now, durationInMs);
  if (result.kind !== 'held') return result;
  const notBefore = new Date(result.until.getTime() + AFTER_EXPIRY_IN_MS);
  await deps.commands.send(command, {
    notBefore,
    messageId: `${command.id}:claimed:${result.until.getTime()}`,
    attempt,
  });
  log.log(
    `Command ${command.id}: another execution is starting it; looking again at ${notBefore.toISOString()}.`,
  );
  return { kind: 'waiting' };
}
