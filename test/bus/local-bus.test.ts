import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BusError } from '../../src/bus/errors.js';
import { createLocalBus, type LocalBus, type LocalBusOptions } from '../../src/bus/local-bus.js';
import { receiveMessages, receiveOne } from './bus-contract.js';

const QUEUE = 'local-commands';
const TOPIC = 'local-events';

describe('local bus', () => {
  let bus: LocalBus;
  const open = (options: LocalBusOptions = {}): LocalBus => {
    bus = createLocalBus(options);
    bus.declareQueue(QUEUE);
    return bus;
  };
  const send = (body: unknown, extra: { messageId?: string; scheduledEnqueueTime?: Date } = {}) =>
    bus.createSender(QUEUE).send({ messageId: extra.messageId ?? randomUUID(), body, ...extra });

  afterEach(async () => {
    await bus.close();
  });

  describe('locks', () => {
    it('hands a message out again when its lock expires, and refuses to settle the stale copy', async () => {
      open({ lockDurationInMs: 100 });
      await send('unsettled');
      const receiver = bus.createReceiver({ queue: QUEUE });

      const first = await receiveOne(receiver);
      const second = await receiveOne(receiver, 5_000);

      expect(second).toMatchObject({ messageId: first.messageId, body: 'unsettled', deliveryCount: 2 });
      expect(second.lockToken).not.toBe(first.lockToken);
      await expect(receiver.complete(first)).rejects.toMatchObject({
        name: 'BusError',
        code: 'MessageLockLost',
      });
      await receiver.complete(second);
      expect(bus.stats(QUEUE)).toEqual({ active: 0, locked: 0, scheduled: 0, deadLetter: 0 });
    });

    it('dead-letters a message whose lock ran out on its last allowed delivery', async () => {
      open({ lockDurationInMs: 50, maxDeliveryCount: 1 });
      await send('forgotten');
      await receiveOne(bus.createReceiver({ queue: QUEUE }));

      const deadLetter = await receiveOne(
        bus.createReceiver({ queue: QUEUE }, { subQueue: 'deadLetter' }),
        5_000,
      );
      expect(deadLetter).toMatchObject({ body: 'forgotten', deadLetterReason: 'MaxDeliveryCountExceeded' });
      expect(bus.stats(QUEUE)).toMatchObject({ active: 0, locked: 0 });
    });
  });

  describe('sending', () => {
    it('rejects a send to an entity that was never declared, naming it', async () => {
      open();
      const sending = bus.createSender('nowhere').send({ messageId: randomUUID(), body: {} });
      await expect(sending).rejects.toBeInstanceOf(BusError);
      await expect(sending).rejects.toMatchObject({
        code: 'EntityNotFound',
        message: expect.stringContaining("'nowhere'"),
      });
    });

    it('rejects a body that cannot travel as JSON and sends nothing of that batch', async () => {
      open();
      const sending = bus.createSender(QUEUE).send([
        { messageId: randomUUID(), body: 'fine' },
        { messageId: randomUUID(), body: { size: 10n } },
      ]);
      await expect(sending).rejects.toMatchObject({ code: 'InvalidMessage' });
      expect(bus.stats(QUEUE).active).toBe(0);
    });

    it('delivers a copy: changing the sent object or a received body does not change the message', async () => {
      open();
      const body = { status: 'Running', steps: [1] };
      await send(body);
      body.status = 'Changed';
      body.steps.push(2);
      const receiver = bus.createReceiver({ queue: QUEUE });

      const first = await receiveOne(receiver);
      expect(first.body).toEqual({ status: 'Running', steps: [1] });
      (first.body as { status: string }).status = 'Mutated by a handler';
      await receiver.abandon(first);
      expect((await receiveOne(receiver)).body).toEqual({ status: 'Running', steps: [1] });
    });

    it('accepts the same messageId again once the duplicate detection window has passed', async () => {
      open({ duplicateDetectionWindowInMs: 50 });
      const messageId = randomUUID();
      await send('first', { messageId });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await send('second', { messageId });

      const bodies = (await receiveMessages(bus.createReceiver({ queue: QUEUE }), 2)).map((m) => m.body);
      expect(bodies).toEqual(['first', 'second']);
    });

    it('counts scheduled messages apart from active ones until they are due', async () => {
      open();
      await send('now');
      await send('later', { scheduledEnqueueTime: new Date(Date.now() + 60_000) });
      expect(bus.stats(QUEUE)).toEqual({ active: 1, locked: 0, scheduled: 1, deadLetter: 0 });
    });
  });

  describe('receiving', () => {
    it('wakes a waiting receive when a scheduled message comes due', async () => {
      open();
      const receiver = bus.createReceiver({ queue: QUEUE });
      const waiting = receiver.receive({ maxWaitTimeInMs: 30_000 });
      await send('due soon', { scheduledEnqueueTime: new Date(Date.now() + 150) });

      const [message] = await waiting;
      expect(message?.body).toBe('due soon');
    });

    it('hands out messages in the order they were sent, an abandoned one keeping its place', async () => {
      open();
      for (const body of ['a', 'b', 'c']) await send(body);
      const receiver = bus.createReceiver({ queue: QUEUE });
      const first = await receiveOne(receiver);
      await receiver.abandon(first);

      const bodies = (await receiveMessages(receiver, 3)).map((m) => m.body);
      expect(bodies).toEqual(['a', 'b', 'c']);
    });

    it('ends waiting receives with nothing when the bus closes, and refuses sends afterwards', async () => {
      open();
      const waiting = bus.createReceiver({ queue: QUEUE }).receive({ maxWaitTimeInMs: 30_000 });
      await bus.close();

      expect(await waiting).toEqual([]);
      await expect(send('too late')).rejects.toMatchObject({ code: 'Closed' });
    });

    it('refuses to settle a message through a receiver of another entity', async () => {
      open();
      bus.declareQueue('other');
      await send('mine');
      const message = await receiveOne(bus.createReceiver({ queue: QUEUE }));

      await expect(bus.createReceiver({ queue: 'other' }).complete(message)).rejects.toMatchObject({
        code: 'MessageNotReceived',
      });
    });
  });

  describe('topics', () => {
    it('delivers only messages whose application properties match a subscription filter', async () => {
      open();
      bus.declareTopic(TOPIC, [
        'everything',
        { name: 'failures', filter: { eventType: 'Operation.Failed' } },
      ]);
      const sender = bus.createSender(TOPIC);
      await sender.send([
        { messageId: randomUUID(), body: 'ok', applicationProperties: { eventType: 'Operation.Succeeded' } },
        { messageId: randomUUID(), body: 'broken', applicationProperties: { eventType: 'Operation.Failed' } },
      ]);

      expect(bus.stats({ topic: TOPIC, subscription: 'everything' }).active).toBe(2);
      const failures = await receiveMessages(
        bus.createReceiver({ topic: TOPIC, subscription: 'failures' }),
        2,
        300,
      );
      expect(failures.map((m) => m.body)).toEqual(['broken']);
    });

    it('adds missing subscriptions when a topic is declared again, keeping existing messages', async () => {
      open();
      bus.declareTopic(TOPIC, ['a']);
      await bus.createSender(TOPIC).send({ messageId: randomUUID(), body: 'before b' });
      bus.declareTopic(TOPIC, ['a', 'b']);
      await bus.createSender(TOPIC).send({ messageId: randomUUID(), body: 'after b' });

      expect(bus.stats({ topic: TOPIC, subscription: 'a' }).active).toBe(2);
      expect(bus.stats({ topic: TOPIC, subscription: 'b' }).active).toBe(1);
    });

    it('refuses to declare a queue under a topic name', () => {
      open();
      bus.declareTopic(TOPIC, ['a']);
      expect(() => bus.declareQueue(TOPIC)).toThrow(/already declared as a topic/);
    });
  });
});
