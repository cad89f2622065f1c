import type { MessageReceiver, ReceivedMessage } from './bus.js';
import { DeadLetterError, isBusError } from './errors.js';

export interface MessagePumpOptions {
  receiver: MessageReceiver;
  /** Returning completes the message; throwing `DeadLetterError` dead-letters it; any other throw abandons it. */
  handle: (message: ReceivedMessage) => Promise<void>;
  /** Messages handled at once (default 4); a slow one holds only its own slot. */
  concurrency?: number;
  /** Longest single long-poll (default 60 000); `stop()` cuts a wait short, so this never delays stopping. */
  maxWaitTimeInMs?: number;
  /** Told about every failed handler and every failed settlement, with the message concerned. */
  onError?: (error: unknown, message: ReceivedMessage) => void;
  /** Told about failed receives, which are retried with back-off (default: one line on stderr). */
  onReceiveError?: (error: unknown) => void;
  /** First wait after a failed receive, doubling up to 30 s (default 1 000). */
  receiveRetryDelayInMs?: number;
  /**
   * Keep renewing a running handler's lock for up to this long (default 300 000, host.json's
   * `maxAutoLockRenewalDuration`); 0 turns renewal off. Without it a handler slower than the lock
   * would see its message handed to someone else while it still works on it.
   */
  maxAutoLockRenewalDurationInMs?: number;
}

export interface MessagePump {
  /** Stops receiving at once and resolves when every handler already running has finished and settled. */
  stop(): Promise<void>;
}

export const MESSAGE_PUMP_DEFAULTS = {
  concurrency: 4,
  maxWaitTimeInMs: 60_000,
  receiveRetryDelayInMs: 1_000,
  maxReceiveRetryDelayInMs: 30_000,
  maxAutoLockRenewalDurationInMs: 5 * 60_000,
} as const;

/**
 * Drives a handler from a peek-lock receiver the way the Functions host drives a Service Bus trigger:
 * complete on return, abandon on throw (so delivery counts and max-delivery dead-lettering apply), and
 * dead-letter on `DeadLetterError`, which the Functions host cannot do but the standalone host can.
 */
export function startMessagePump(options: MessagePumpOptions): MessagePump {
  const { receiver, handle } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? MESSAGE_PUMP_DEFAULTS.concurrency));
  const maxWaitTimeInMs = options.maxWaitTimeInMs ?? MESSAGE_PUMP_DEFAULTS.maxWaitTimeInMs;
  const firstRetryDelayInMs = options.receiveRetryDelayInMs ?? MESSAGE_PUMP_DEFAULTS.receiveRetryDelayInMs;
  const reportError = guard(options.onError ?? (() => undefined));
  const reportReceiveError = guard(
    options.onReceiveError ??
      ((error: unknown) =>
        console.error(
          `Message pump: receive failed: ${error instanceof Error ? error.message : String(error)}`,
        )),
  );

  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let slotFreed: (() => void) | undefined;

  const maxAutoLockRenewalDurationInMs =
    options.maxAutoLockRenewalDurationInMs ?? MESSAGE_PUMP_DEFAULTS.maxAutoLockRenewalDurationInMs;

  /** Renews the lock at half its remaining time until told to stop or the renewal budget is spent. */
  const keepLocked = (message: ReceivedMessage): (() => void) => {
    if (maxAutoLockRenewalDurationInMs <= 0 || !message.lockedUntil) return () => undefined;
    const renewUntilInMs = Date.now() + maxAutoLockRenewalDurationInMs;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const scheduleRenewal = (lockedUntil: Date): void => {
      const nowInMs = Date.now();
      if (stopped || nowInMs >= renewUntilInMs) return;
      timer = setTimeout(
        () => {
          receiver.renewLock(message).then(scheduleRenewal, (error: unknown) => {
            if (!stopped) reportError(error, message);
          });
        },
        Math.max(0, (lockedUntil.getTime() - nowInMs) / 2),
      );
    };
    scheduleRenewal(message.lockedUntil);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  };

  const handleAndSettle = async (message: ReceivedMessage): Promise<void> => {
    let settle: () => Promise<void>;
    const stopRenewing = keepLocked(message);
    try {
      await handle(message);
      settle = () => receiver.complete(message);
    } catch (error) {
      reportError(error, message);
      settle =
        error instanceof DeadLetterError
          ? () => receiver.deadLetter(message, { reason: error.reason, description: error.description })
          : () => receiver.abandon(message);
    } finally {
      stopRenewing();
    }
    try {
      await settle();
    } catch (error) {
      // Usually a lost lock: the bus delivers the message again, so there is nothing more to do here.
      reportError(error, message);
    }
  };

  const start = (message: ReceivedMessage): void => {
    const handling = handleAndSettle(message).finally(() => {
      inFlight.delete(handling);
      slotFreed?.();
    });
    inFlight.add(handling);
  };

  const waitForSlot = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        slotFreed = undefined;
        stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      slotFreed = done;
      stopping.signal.addEventListener('abort', done, { once: true });
    });

  const loop = async (): Promise<void> => {
    let retryDelayInMs = firstRetryDelayInMs;
    while (!stopping.signal.aborted) {
      if (inFlight.size >= concurrency) {
        await waitForSlot();
        continue;
      }
      let messages: ReceivedMessage[];
      try {
        messages = await receiver.receive({
          maxMessageCount: concurrency - inFlight.size,
          maxWaitTimeInMs,
          abortSignal: stopping.signal,
        });
        retryDelayInMs = firstRetryDelayInMs;
      } catch (error) {
        if (stopping.signal.aborted || isBusError(error, 'Closed')) break;
        reportReceiveError(error);
        await delay(retryDelayInMs, stopping.signal);
        retryDelayInMs = Math.min(retryDelayInMs * 2, MESSAGE_PUMP_DEFAULTS.maxReceiveRetryDelayInMs);
        continue;
      }
      // Messages that arrive as stop() is called are already locked: handle them rather than strand them.
      for (const message of messages) start(message);
    }
  };

  const receiving = loop().catch(reportReceiveError);
  let stopped: Promise<void> | undefined;

  return {
    stop: () => {
      stopped ??= (async () => {
        stopping.abort();
        await receiving;
        await Promise.allSettled([...inFlight]);
      })();
      return stopped;
    },
  };
}

function guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      callback(...args);
    } catch {
      // A failing error reporter must not stop the pump.
    }
  };
}

function delay(delayInMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, delayInMs);
    signal.addEventListener('abort', done, { once: true });
  });
}
