import { randomUUID } from 'node:crypto';
import type { ApplicationProperties } from '../bus.js';
import { BusError } from '../errors.js';
import { insertSorted } from './sorted-insert.js';
import type { WireBody } from './wire-body.js';

/** A message as a queue (or one subscription) holds it. */
export interface StoredMessage {
  sequenceNumber: number;
  messageId: string;
  body: WireBody;
  contentType?: string;
  subject?: string;
  applicationProperties: ApplicationProperties;
  enqueuedTime: Date;
  /** Deliveries so far; the next delivery hands out this plus one. */
  deliveryCount: number;
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
}

export type MessageDraft = Omit<StoredMessage, 'sequenceNumber' | 'enqueuedTime' | 'deliveryCount'>;

export interface Delivery {
  message: StoredMessage;
  lockToken: string;
  lockedUntil: Date;
}

/** A message as the journal keeps it: the queue's own fields plus when a scheduled one comes due. */
export interface JournaledMessage extends StoredMessage {
  /** Set while the message waits for its scheduled enqueue time. */
  dueAtInMs?: number;
}

/**
 * What a queue tells a durable bus's journal (local/bus-journal.ts); each call describes a change already
 * decided.
 */
export interface QueueJournal {
  added(message: StoredMessage, dueAtInMs?: number): void;
  delivered(message: StoredMessage): void;
  removed(message: StoredMessage): void;
}

export interface RestoredQueue {
  /** Every message the queue held, oldest sequence number first, none of them locked any more. */
  messages: JournaledMessage[];
  nextSequenceNumber: number;
}

export interface LockingQueueOptions {
  /** Name used in error messages (`commands`, `operation-events/webhooks`, `.../$DeadLetterQueue`). */
  path: string;
  lockDurationInMs: number;
  /** Undefined for a dead-letter sub-queue, which never dead-letters again. */
  maxDeliveryCount?: number;
  /** Receives a message whose last allowed delivery was abandoned or ran out of lock. */
  onMaxDeliveryCountExceeded?: (message: StoredMessage) => void;
  /** Told of every change that must outlive the process (a durable local bus); none when in memory. */
  journal?: QueueJournal;
  /** Messages a durable bus kept from an earlier run; they start unlocked. */
  restored?: RestoredQueue;
}

export interface QueueCounts {
  /** Available to a receiver now. */
  active: number;
  /** Delivered and neither settled nor expired yet. */
  locked: number;
  /** Waiting for their scheduled enqueue time. */
  scheduled: number;
}

/** Node fires longer timeouts after 1 ms, so longer waits are capped (at about 24.8 days). */
const MAX_TIMER_DELAY_IN_MS = 2_147_483_647;

interface Lock extends Delivery {
  timer: NodeJS.Timeout;
}

interface Waiter {
  maxMessageCount: number;
  resolve(deliveries: Delivery[]): void;
}

interface ScheduledEntry {
  message: StoredMessage;
  dueAtInMs: number;
}

/**
 * One peek-lock message queue: what a Service Bus queue, a subscription or a dead-letter sub-queue does
 * with messages once they have arrived. Available messages leave in sequence order; a received message
 * stays invisible until it is settled or its lock runs out; scheduled messages join when they come due.
 * Every timer is `unref()`'d, so an idle bus never keeps the process alive.
 */
export class LockingQueue {
  private readonly available: StoredMessage[] = [];
  private readonly scheduled: ScheduledEntry[] = [];
  private readonly locks = new Map<string, Lock>();
  private readonly waiters = new Set<Waiter>();
  private scheduleTimer: NodeJS.Timeout | undefined;
  private nextSequenceNumber = 1;
  private closed = false;

  constructor(private readonly options: LockingQueueOptions) {
    const restored = options.restored;
    if (!restored) return;
    this.nextSequenceNumber = restored.nextSequenceNumber;
    const nowInMs = Date.now();
    for (const { dueAtInMs, ...message } of restored.messages) {
      if (dueAtInMs !== undefined && dueAtInMs > nowInMs) this.scheduled.push({ message, dueAtInMs });
      else this.available.push(message);
    }
    this.scheduled.sort(byDueTime);
    this.armScheduleTimer();
  }

  get path(): string {
    return this.options.path;
  }

  /** Adds a new message; with `dueAt` in the future it waits in the scheduled set until then. */
  add(draft: MessageDraft, dueAt?: Date): void {
    const message: StoredMessage = {
      ...draft,
      sequenceNumber: this.nextSequenceNumber++,
      enqueuedTime: new Date(),
      deliveryCount: 0,
    };
    if (dueAt !== undefined && dueAt.getTime() > Date.now()) {
      this.options.journal?.added(message, dueAt.getTime());
      insertSorted(this.scheduled, { message, dueAtInMs: dueAt.getTime() }, byDueTime);
      this.armScheduleTimer();
      return;
    }
    this.options.journal?.added(message);
    this.makeAvailable(message);
  }

  /** Takes a message that already lived elsewhere (dead-lettering keeps its sequence number and count). */
  adopt(message: StoredMessage): void {
    this.options.journal?.added(message);
    this.makeAvailable(message);
  }

  /**
   * Every message the queue holds (available, locked or scheduled), oldest sequence number first, as
   * copies: peeking changes nothing, as on Service Bus.
   */
  peek(maxMessageCount: number): StoredMessage[] {
    const all = [
      ...this.available,
      ...[...this.locks.values()].map((lock) => lock.message),
      ...this.scheduled.map((entry) => entry.message),
    ].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
    return all
      .slice(0, Math.max(0, maxMessageCount))
      .map((message) => ({ ...message, applicationProperties: { ...message.applicationProperties } }));
  }

  /**
   * Delivers the available message with this sequence number, locked like any delivery (settle or abandon
   * it by its lock token); undefined when no available message has it (absent, or locked by someone).
   */
  receiveBySequenceNumber(sequenceNumber: number): Delivery | undefined {
    const index = this.available.findIndex((message) => message.sequenceNumber === sequenceNumber);
    if (index === -1) return undefined;
    const [message] = this.available.splice(index, 1);
    return message ? this.lock(message) : undefined;
  }

  /** Resolves as soon as a message is available, or with nothing after the wait or on abort. */
  receive(maxMessageCount: number, maxWaitTimeInMs: number, signals: AbortSignal[]): Promise<Delivery[]> {
    if (this.closed || signals.some((signal) => signal.aborted)) return Promise.resolve([]);
    if (this.available.length > 0) return Promise.resolve(this.deliver(maxMessageCount));
    if (maxWaitTimeInMs <= 0) return Promise.resolve([]);

    return new Promise((resolve) => {
      const finish = (deliveries: Delivery[]): void => {
        clearTimeout(timer);
        for (const signal of signals) signal.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        resolve(deliveries);
      };
      const onAbort = (): void => finish([]);
      const waiter: Waiter = { maxMessageCount, resolve: finish };
      const timer = setTimeout(onAbort, Math.min(maxWaitTimeInMs, MAX_TIMER_DELAY_IN_MS));
      timer.unref();
      for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Ends a delivery for good (complete, or the first half of dead-lettering). */
  settle(lockToken: string): StoredMessage {
    const { message } = this.takeLock(lockToken);
    this.options.journal?.removed(message);
    return message;
  }

  /** Gives the message back for another delivery, or dead-letters it after its last allowed one. */
  abandon(lockToken: string): void {
    this.release(this.takeLock(lockToken).message);
  }

  /** Restarts the lock's clock; throws `MessageLockLost` when it already ran out. */
  renew(lockToken: string): Date {
    const lock = this.takeLock(lockToken);
    lock.lockedUntil = new Date(Date.now() + this.options.lockDurationInMs);
    lock.timer = this.startLockTimer(lockToken);
    this.locks.set(lockToken, lock);
    return lock.lockedUntil;
  }

  counts(): QueueCounts {
    return { active: this.available.length, locked: this.locks.size, scheduled: this.scheduled.length };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.scheduleTimer);
    for (const lock of this.locks.values()) clearTimeout(lock.timer);
    for (const waiter of [...this.waiters]) waiter.resolve([]);
  }

  private deliver(maxMessageCount: number): Delivery[] {
    const taken = this.available.splice(0, Math.max(1, maxMessageCount));
    return taken.map((message) => this.lock(message));
  }

  private lock(message: StoredMessage): Delivery {
    message.deliveryCount += 1;
    this.options.journal?.delivered(message);
    const lockToken = randomUUID();
    const lockedUntil = new Date(Date.now() + this.options.lockDurationInMs);
    this.locks.set(lockToken, { message, lockToken, lockedUntil, timer: this.startLockTimer(lockToken) });
    return { message, lockToken, lockedUntil };
  }

  private startLockTimer(lockToken: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.expire(lockToken), this.options.lockDurationInMs);
    timer.unref();
    return timer;
  }

  private takeLock(lockToken: string): Lock {
    const lock = this.locks.get(lockToken);
    if (!lock) {
      throw new BusError(
        'MessageLockLost',
        `The lock on a message from '${this.options.path}' expired or the message was already settled.`,
      );
    }
    clearTimeout(lock.timer);
    this.locks.delete(lockToken);
    return lock;
  }

  private expire(lockToken: string): void {
    const lock = this.locks.get(lockToken);
    if (!lock) return;
    this.locks.delete(lockToken);
    this.release(lock.message);
  }

  private release(message: StoredMessage): void {
    const { maxDeliveryCount, onMaxDeliveryCountExceeded } = this.options;
    if (maxDeliveryCount !== undefined && message.deliveryCount >= maxDeliveryCount) {
      this.options.journal?.removed(message);
      onMaxDeliveryCountExceeded?.(message);
      return;
    }
    this.makeAvailable(message);
  }

  private makeAvailable(message: StoredMessage): void {
    if (this.closed) return;
    // A returned message goes back to its place in sequence order, as on Service Bus.
    insertSorted(this.available, message, bySequenceNumber);
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (this.available.length === 0) return;
      waiter.resolve(this.deliver(waiter.maxMessageCount));
    }
  }

  private armScheduleTimer(): void {
    clearTimeout(this.scheduleTimer);
    const next = this.scheduled[0];
    if (!next || this.closed) return;
    this.scheduleTimer = setTimeout(
      () => this.activateDueMessages(),
      Math.min(Math.max(0, next.dueAtInMs - Date.now()), MAX_TIMER_DELAY_IN_MS),
    );
    this.scheduleTimer.unref();
  }

  private activateDueMessages(): void {
    const now = Date.now();
    const dueCount = this.scheduled.findIndex((entry) => entry.dueAtInMs > now);
    const due = this.scheduled.splice(0, dueCount === -1 ? this.scheduled.length : dueCount);
    for (const { message } of due) {
      message.enqueuedTime = new Date(now);
      this.makeAvailable(message);
    }
    this.armScheduleTimer();
  }
}

/** Scheduled messages: by due time, then sequence number (the order Service Bus activates them in). */
function byDueTime(a: ScheduledEntry, b: ScheduledEntry): number {
  return a.dueAtInMs - b.dueAtInMs || a.message.sequenceNumber - b.message.sequenceNumber;
}

function bySequenceNumber(a: StoredMessage, b: StoredMessage): number {
  return a.sequenceNumber - b.sequenceNumber;
}
