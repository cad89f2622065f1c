import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { BusError } from '../errors.js';
import type { JournaledMessage, QueueJournal, RestoredQueue } from './locking-queue.js';
import type { WireBody } from './wire-body.js';

/**
 * The local bus's disk: an append-only journal of what happened to each queue (a message added, handed
 * out, removed) and to each entity's duplicate-detection window (a message id accepted), replayed into a
 * mirror of the live state when the bus opens. Sends are written and fsync'd before `send()` resolves;
 * deliveries and settlements are written (so they survive the process being killed) and reach the disk
 * with the next fsync. A crash therefore loses no acknowledged message; at worst a message settled just
 * before the crash is delivered again, which peek-lock consumers must tolerate anyway.
 *
 * The journal is rewritten from the mirror (write, fsync, atomic rename) when it opens and whenever it
 * has grown well past the live state, so it stays proportional to what is still waiting.
 */

export interface BusJournal {
  /** What the journal holds for a queue path (`commands`, `events/Subscriptions/x`, `.../$DeadLetterQueue`). */
  restore(path: string): RestoredQueue;
  journalFor(path: string): QueueJournal;
  /** Accepted message ids of an entity with when they were accepted, oldest first. */
  acceptedIds(entity: string): Array<[string, number]>;
  accepted(entity: string, messageId: string, atInMs: number): void;
  /** Writes and fsyncs everything recorded so far; throws `BusError` if the disk refuses. */
  flushDurably(): void;
  close(): void;
}

export interface BusJournalOptions {
  /** Directory of the journal file; created if missing. */
  directory: string;
  /** Ids older than this (per entity) are dropped when the journal is rewritten. */
  duplicateDetectionWindowInMs(entity: string): number;
  /** Rewrite once the journal holds this many records more than the live state (default 10 000). */
  compactAfterRecords?: number;
}

type SerializedBody = { kind: 'bytes'; base64: string } | { kind: 'json'; text: string };

interface SerializedMessage extends Omit<JournaledMessage, 'body' | 'enqueuedTime'> {
  body: SerializedBody;
  enqueuedTime: number;
}

type JournalRecord =
  | { op: 'accepted'; entity: string; messageId: string; at: number }
  | { op: 'added'; queue: string; message: SerializedMessage }
  | { op: 'delivered'; queue: string; sequenceNumber: number }
  | { op: 'removed'; queue: string; sequenceNumber: number }
  | { op: 'sequence'; queue: string; next: number };

interface QueueState {
  messages: Map<number, JournaledMessage>;
  nextSequenceNumber: number;
}

const JOURNAL_FILE = 'bus.journal';

export function openBusJournal(options: BusJournalOptions): BusJournal {
  mkdirSync(options.directory, { recursive: true });
  const path = join(options.directory, JOURNAL_FILE);
  const compactAfterRecords = options.compactAfterRecords ?? 10_000;
  const queues = new Map<string, QueueState>();
  const ids = new Map<string, Map<string, number>>();

  const queueState = (queue: string): QueueState => {
    let state = queues.get(queue);
    if (!state) {
      state = { messages: new Map(), nextSequenceNumber: 1 };
      queues.set(queue, state);
    }
    return state;
  };

  const apply = (record: JournalRecord): void => {
    switch (record.op) {
      case 'accepted': {
        let entityIds = ids.get(record.entity);
        if (!entityIds) {
          entityIds = new Map<string, number>();
          ids.set(record.entity, entityIds);
        }
        entityIds.delete(record.messageId);
        entityIds.set(record.messageId, record.at);
        return;
      }
      case 'added': {
        const state = queueState(record.queue);
        const message = deserializeMessage(record.message);
        state.messages.set(message.sequenceNumber, message);
        state.nextSequenceNumber = Math.max(state.nextSequenceNumber, message.sequenceNumber + 1);
        return;
      }
      case 'delivered': {
        const message = queues.get(record.queue)?.messages.get(record.sequenceNumber);
        if (message) {
          message.deliveryCount += 1;
          // Once handed out, a scheduled message has come due.
          delete message.dueAtInMs;
        }
        return;
      }
      case 'removed':
        queues.get(record.queue)?.messages.delete(record.sequenceNumber);
        return;
      case 'sequence': {
        const state = queueState(record.queue);
        state.nextSequenceNumber = Math.max(state.nextSequenceNumber, record.next);
        return;
      }
    }
  };

  // Replay. A line that does not parse is a write cut short by a crash: it was never acknowledged.
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        continue;
      }
      apply(record);
    }
  }

  let fd: number | undefined;
  let pending: string[] = [];
  let flushScheduled = false;
  let recordsSinceRewrite = 0;
  let failure: unknown;

  const liveRecordCount = (): number =>
    [...queues.values()].reduce((sum, state) => sum + state.messages.size + 1, 0) +
    [...ids.values()].reduce((sum, entityIds) => sum + entityIds.size, 0);

  /** Writes the live state to a new file and puts it in place atomically. */
  const rewrite = (): void => {
    const nowInMs = Date.now();
    const lines: string[] = [];
    for (const [entity, entityIds] of ids) {
      const since = nowInMs - options.duplicateDetectionWindowInMs(entity);
      for (const [messageId, at] of entityIds) {
        if (at < since) entityIds.delete(messageId);
        else lines.push(JSON.stringify({ op: 'accepted', entity, messageId, at } satisfies JournalRecord));
      }
    }
    for (const [queue, state] of queues) {
      lines.push(
        JSON.stringify({ op: 'sequence', queue, next: state.nextSequenceNumber } satisfies JournalRecord),
      );
      for (const message of state.messages.values()) {
        lines.push(
          JSON.stringify({ op: 'added', queue, message: serializeMessage(message) } satisfies JournalRecord),
        );
      }
    }
    const temporary = `${path}.tmp`;
    const temporaryFd = openSync(temporary, 'w');
    try {
      if (lines.length > 0) writeSync(temporaryFd, lines.join('\n') + '\n');
      fsyncSync(temporaryFd);
    } finally {
      closeSync(temporaryFd);
    }
    if (fd !== undefined) closeSync(fd);
    renameSync(temporary, path);
    fsyncDirectory(options.directory);
    fd = openSync(path, 'a');
    recordsSinceRewrite = 0;
  };

  const write = (durable: boolean): void => {
    if (failure !== undefined) {
      throw new BusError('Unknown', `The local bus journal at ${path} cannot be written.`, {
        cause: failure,
      });
    }
    try {
      if (pending.length > 0) {
        const text = pending.join('\n') + '\n';
        recordsSinceRewrite += pending.length;
        pending = [];
        if (fd === undefined) throw new BusError('Closed', 'The local bus journal is closed.');
        writeSync(fd, text);
      }
      if (durable && fd !== undefined) fsyncSync(fd);
      if (recordsSinceRewrite > compactAfterRecords && recordsSinceRewrite > 2 * liveRecordCount()) rewrite();
    } catch (error) {
      if (error instanceof BusError) throw error;
      failure = error;
      throw new BusError('Unknown', `The local bus journal at ${path} cannot be written.`, { cause: error });
    }
  };

  let closed = false;
  const record = (entry: JournalRecord): void => {
    // A settlement after close (a handler finishing late) changes nothing that the next run will see.
    if (closed) return;
    apply(entry);
    pending.push(JSON.stringify(entry));
    // Changes made by timers (a lock running out) are written at the end of the current job.
    if (!flushScheduled) {
      flushScheduled = true;
      queueMicrotask(() => {
        flushScheduled = false;
        try {
          write(false);
        } catch (error) {
          console.error(`Local bus: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    }
  };

  rewrite();

  return {
    restore: (queue) => {
      const state = queues.get(queue);
      if (!state) return { messages: [], nextSequenceNumber: 1 };
      return {
        messages: [...state.messages.values()]
          .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
          .map((message) => ({ ...message, applicationProperties: { ...message.applicationProperties } })),
        nextSequenceNumber: state.nextSequenceNumber,
      };
    },
    journalFor: (queue) => ({
      added: (message, dueAtInMs) =>
        record({
          op: 'added',
          queue,
          message: serializeMessage({ ...message, ...(dueAtInMs !== undefined ? { dueAtInMs } : {}) }),
        }),
      delivered: (message) => record({ op: 'delivered', queue, sequenceNumber: message.sequenceNumber }),
      removed: (message) => record({ op: 'removed', queue, sequenceNumber: message.sequenceNumber }),
    }),
    acceptedIds: (entity) => [...(ids.get(entity) ?? new Map<string, number>())],
    accepted: (entity, messageId, atInMs) => record({ op: 'accepted', entity, messageId, at: atInMs }),
    flushDurably: () => write(true),
    close: () => {
      closed = true;
      if (fd === undefined) return;
      try {
        write(true);
      } finally {
        closeSync(fd);
        fd = undefined;
      }
    },
  };
}

function serializeMessage(message: JournaledMessage): SerializedMessage {
  return {
    ...message,
    body: serializeBody(message.body),
    enqueuedTime: message.enqueuedTime.getTime(),
  };
}

function deserializeMessage(serialized: SerializedMessage): JournaledMessage {
  return {
    ...serialized,
    body:
      serialized.body.kind === 'bytes'
        ? { kind: 'bytes', bytes: Buffer.from(serialized.body.base64, 'base64') }
        : serialized.body,
    enqueuedTime: new Date(serialized.enqueuedTime),
  };
}

function serializeBody(body: WireBody): SerializedBody {
  return body.kind === 'bytes' ? { kind: 'bytes', base64: body.bytes.toString('base64') } : body;
}

/** Makes a rename in the directory durable (no-op where directories cannot be opened, e.g. Windows). */
function fsyncDirectory(directory: string): void {
  let directoryFd: number | undefined;
  try {
    directoryFd = openSync(directory, 'r');
    fsyncSync(directoryFd);
  } catch {
    // Best effort: the rename itself is atomic; only its durability across a power cut depends on this.
  } finally {
    if (directoryFd !== undefined) closeSync(directoryFd);
  }
}
