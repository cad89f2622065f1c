import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../src/bus/bus.js';
import { DeadLetterError } from '../../src/bus/errors.js';
import { createLocalBus, type LocalBus } from '../../src/bus/local-bus.js';
import { startMessagePump, type MessagePump } from '../../src/bus/message-pump.js';
import { receiveOne } from './bus-contract.js';

const QUEUE = 'pump-commands';

/** A promise with its resolver outside, to hold a handler until the test lets it go. */
function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('message pump', () => {
  let bus: LocalBus;
  const pumps: MessagePump[] = [];

  const setUp = (options: { maxDeliveryCount?: number } = {}): LocalBus => {
    bus = createLocalBus({ lockDurationInMs: 10_000, ...options });
    bus.declareQueue(QUEUE);
    return bus;
  };
  const send = (body: unknown, messageId = randomUUID()) => bus.createSender(QUEUE).send({ messageId, body });
  const start = (
    handle: (message: ReceivedMessage) => Promise<void>,
    options: Partial<Parameters<typeof startMessagePump>[0]> = {},
  ): MessagePump => {
    const pump = startMessagePump({
      receiver: bus.createReceiver({ queue: QUEUE }),
      handle,
      maxWaitTimeInMs: 10 * 60_000,
      ...options,
    });
    pumps.push(pump);
    return pump;
  };

  afterEach(async () => {
    await Promise.all(pumps.splice(0).map((pump) => pump.stop()));
    await bus.close();
  });

  it('completes a message whose handler returns', async () => {
    setUp();
    const handled = gate<ReceivedMessage>();
    const pump = start((message) => {
      handled.open(message);
      return Promise.resolve();
    });
    await send({ action: 'suspend' });

    expect((await handled.promise).body).toEqual({ action: 'suspend' });
    await pump.stop();
    expect(bus.stats(QUEUE)).toEqual({ active: 0, locked: 0, scheduled: 0, deadLetter: 0 });
  });

  it('abandons a message whose handler throws, so it comes back with a higher delivery count', async () => {
    setUp();
    const deliveryCounts: number[] = [];
    const errors: unknown[] = [];
    const succeeded = gate();
    const pump = start(
      (message) => {
        deliveryCounts.push(message.deliveryCount);
        if (message.deliveryCount === 1) return Promise.reject(new Error('upstream said 503'));
        succeeded.open();
        return Promise.resolve();
      },
      { onError: (error) => errors.push(error) },
    );
    await send('flaky');

    await succeeded.promise;
    await pump.stop();
    expect(deliveryCounts).toEqual([1, 2]);
    expect(errors).toEqual([expect.objectContaining({ message: 'upstream said 503' })]);
    expect(bus.stats(QUEUE)).toEqual({ active: 0, locked: 0, scheduled: 0, deadLetter: 0 });
  });

  it('dead-letters a message whose handler throws DeadLetterError, with its reason and description', async () => {
    setUp();
    const failed = gate();
    const pump = start(
      () => Promise.reject(new DeadLetterError('InvalidCommand', 'The message is not a command.')),
      { onError: () => failed.open() },
    );
    const messageId = randomUUID();
    await send({ garbage: true }, messageId);

    await failed.promise;
    await pump.stop();
    const deadLetter = await receiveOne(bus.createReceiver({ queue: QUEUE }, { subQueue: 'deadLetter' }));
    expect(deadLetter).toMatchObject({
      messageId,
      deadLetterReason: 'InvalidCommand',
      deadLetterErrorDescription: 'The message is not a command.',
    });
    expect(bus.stats(QUEUE)).toMatchObject({ active: 0, locked: 0 });
  });

  it('lets the bus dead-letter a message that keeps failing after its max deliveries', async () => {
    setUp({ maxDeliveryCount: 3 });
    const deliveryCounts: number[] = [];
    const lastAttempt = gate();
    const pump = start((message) => {
      deliveryCounts.push(message.deliveryCount);
      if (message.deliveryCount === 3) lastAttempt.open();
      return Promise.reject(new Error('always broken'));
    });
    const messageId = randomUUID();
    await send('poison', messageId);

    await lastAttempt.promise;
    await pump.stop();
    expect(deliveryCounts).toEqual([1, 2, 3]);
    const deadLetter = await receiveOne(bus.createReceiver({ queue: QUEUE }, { subQueue: 'deadLetter' }));
    expect(deadLetter).toMatchObject({ messageId, deadLetterReason: 'MaxDeliveryCountExceeded' });
  });

  it('handles a fast message while a slow one is still running', async () => {
    setUp();
    const releaseSlow = gate();
    const fastHandled = gate();
    const finished: string[] = [];
    start(
      async (message) => {
        if (message.body === 'slow') await releaseSlow.promise;
        else fastHandled.open();
        finished.push(message.body as string);
      },
      { concurrency: 2 },
    );
    await send('slow');
    await send('fast');

    await fastHandled.promise;
    expect(finished).toEqual(['fast']);
    releaseSlow.open();
  });

  it('never runs more handlers at once than its concurrency', async () => {
    setUp();
    let running = 0;
    let mostAtOnce = 0;
    const handledIds: string[] = [];
    const allHandled = gate();
    for (let index = 0; index < 6; index += 1) await send(index);
    start(
      async (message) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        handledIds.push(message.messageId);
        if (handledIds.length === 6) allHandled.open();
      },
      { concurrency: 2 },
    );

    await allHandled.promise;
    expect(mostAtOnce).toBe(2);
    expect(new Set(handledIds).size).toBe(6);
  });

  it('stop() waits for running handlers and settles their messages', async () => {
    setUp();
    const started = gate();
    const release = gate();
    let handlerFinished = false;
    const pump = start(async () => {
      started.open();
      await release.promise;
      handlerFinished = true;
    });
    await send('in flight');
    await started.promise;

    let stopResolved = false;
    const stopping = pump.stop().then(() => {
      stopResolved = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopResolved).toBe(false);

    release.open();
    await stopping;
    expect(handlerFinished).toBe(true);
    expect(bus.stats(QUEUE)).toEqual({ active: 0, locked: 0, scheduled: 0, deadLetter: 0 });
  });

  it('stop() ends a long-poll at once and leaves later messages on the queue', async () => {
    setUp();
    const handled: unknown[] = [];
    // The pump long-polls for ten minutes; stop() must not wait for that.
    const pump = start((message) => {
      handled.push(message.body);
      return Promise.resolve();
    });

    await pump.stop();
    await send('after stop');
    expect(handled).toEqual([]);
    expect(bus.stats(QUEUE)).toMatchObject({ active: 1, locked: 0 });
  });
});

describe('message pump lock renewal', () => {
  it('keeps renewing the lock of a handler slower than the lock, so the message is delivered once', async () => {
    // The handler works for 2.5 lock durations; renewals (every ~1 s) must keep a second receiver off it.
    const bus = createLocalBus({ lockDurationInMs: 2_000 });
    bus.declareQueue(QUEUE);
    const deliveries: number[] = [];
    const done = gate();
    const pump = startMessagePump({
      receiver: bus.createReceiver({ queue: QUEUE }),
      concurrency: 2,
      handle: async (message) => {
        deliveries.push(message.deliveryCount);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        done.open();
      },
    });
    await bus.createSender(QUEUE).send({ messageId: randomUUID(), body: 'slow work' });

    await done.promise;
    await pump.stop();
    expect(deliveries).toEqual([1]);
    expect(bus.stats(QUEUE)).toEqual({ active: 0, locked: 0, scheduled: 0, deadLetter: 0 });
    await bus.close();
  });

  it('lets the lock run out when renewal is off, as a stuck handler would', async () => {
    const bus = createLocalBus({ lockDurationInMs: 100 });
    bus.declareQueue(QUEUE);
    const deliveries: number[] = [];
    const redelivered = gate();
    const releaseFirst = gate();
    const pump = startMessagePump({
      receiver: bus.createReceiver({ queue: QUEUE }),
      concurrency: 2,
      maxAutoLockRenewalDurationInMs: 0,
      handle: async (message) => {
        deliveries.push(message.deliveryCount);
        if (message.deliveryCount === 1) await releaseFirst.promise;
        else redelivered.open();
      },
    });
    await bus.createSender(QUEUE).send({ messageId: randomUUID(), body: 'stuck' });

    await redelivered.promise;
    releaseFirst.open();
    await pump.stop();
    expect(deliveries).toEqual([1, 2]);
    await bus.close();
  });
});
