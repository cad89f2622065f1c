import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BusClient, MessageReceiver, ReceiveSource, ReceivedMessage } from '../../src/bus/bus.js';

export interface BusContractFixture {
  bus: BusClient;
  queue: string;
  topic: string;
  subscriptions: [string, string];
  /** The entities' max delivery count (small, so the test is quick). */
  maxDeliveryCount: number;
  /** How long to watch for a message that must not arrive (default 1 000; an in-process bus needs less). */
  quietWaitInMs?: number;
  close(): Promise<void>;
}

/** Long enough for a remote bus to hand over a message that is there; short enough to keep the run fast. */
const ARRIVAL_TIMEOUT_IN_MS = 15_000;
const SCHEDULE_DELAY_IN_MS = 1_500;
/** A remote broker's clock may run a little ahead of ours. */
const CLOCK_SKEW_TOLERANCE_IN_MS = 1_000;

/** Receives until `count` messages came or the timeout passed (a receive may return early and empty). */
export async function receiveMessages(
  receiver: MessageReceiver,
  count: number,
  timeoutInMs = ARRIVAL_TIMEOUT_IN_MS,
): Promise<ReceivedMessage[]> {
  const received: ReceivedMessage[] = [];
  const deadline = Date.now() + timeoutInMs;
  while (received.length < count && Date.now() < deadline) {
    received.push(
      ...(await receiver.receive({
        maxMessageCount: count - received.length,
        maxWaitTimeInMs: Math.max(1, deadline - Date.now()),
      })),
    );
  }
  return received;
}

export async function receiveOne(receiver: MessageReceiver, timeoutInMs?: number): Promise<ReceivedMessage> {
  const [message] = await receiveMessages(receiver, 1, timeoutInMs);
  if (!message) throw new Error('No message arrived in time.');
  return message;
}

/**
 * One behaviour suite for every `BusClient`: whatever passes here can stand in for Service Bus.
 * `setup` runs once; each test cleans up after itself, and leftovers are drained between tests.
 */
export function describeBusContract(name: string, setup: () => Promise<BusContractFixture>): void {
  describe(`bus contract: ${name}`, () => {
    let fixture: BusContractFixture;
    const receivers: MessageReceiver[] = [];

    const receiverFor = (source: ReceiveSource, subQueue?: 'deadLetter'): MessageReceiver => {
      const receiver = fixture.bus.createReceiver(source, subQueue ? { subQueue } : undefined);
      receivers.push(receiver);
      return receiver;
    };
    const queueSource = (): ReceiveSource => ({ queue: fixture.queue });
    const subscriptionSource = (index: 0 | 1): ReceiveSource => ({
      topic: fixture.topic,
      subscription: fixture.subscriptions[index],
    });
    const sendToQueue = (message: Parameters<ReturnType<BusClient['createSender']>['send']>[0]) =>
      fixture.bus.createSender(fixture.queue).send(message);

    let quietWaitInMs = 1_000;
    const expectNothing = async (receiver: MessageReceiver): Promise<void> => {
      expect(await receiver.receive({ maxWaitTimeInMs: quietWaitInMs })).toEqual([]);
    };

    beforeAll(async () => {
      fixture = await setup();
      quietWaitInMs = fixture.quietWaitInMs ?? quietWaitInMs;
    });

    afterEach(async () => {
      // Whatever a failed test left behind must not be seen by the next one.
      const sources = [queueSource(), subscriptionSource(0), subscriptionSource(1)];
      for (const source of sources) {
        for (const subQueue of [undefined, 'deadLetter'] as const) {
          const receiver = receiverFor(source, subQueue);
          for (;;) {
            const leftovers = await receiver.receive({
              maxMessageCount: 50,
              maxWaitTimeInMs: quietWaitInMs / 4,
            });
            if (leftovers.length === 0) break;
            for (const message of leftovers) await receiver.complete(message);
          }
        }
      }
      await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
    });

    afterAll(async () => {
      await fixture?.close();
    });

    it('delivers a sent message once and forgets it when completed', async () => {
      const messageId = randomUUID();
      await sendToQueue({
        messageId,
        body: { action: 'suspend', nested: { count: 2 } },
        contentType: 'application/json',
        subject: 'suspend',
      });

      const receiver = receiverFor(queueSource());
      const message = await receiveOne(receiver);
      expect(message).toMatchObject({
        messageId,
        body: { action: 'suspend', nested: { count: 2 } },
        contentType: 'application/json',
        subject: 'suspend',
        deliveryCount: 1,
      });
      expect(message.enqueuedTime).toBeInstanceOf(Date);
      await receiver.complete(message);

      await expectNothing(receiver);
    });

    it('redelivers an abandoned message with its delivery count raised', async () => {
      const messageId = randomUUID();
      await sendToQueue({ messageId, body: 'try again' });
      const receiver = receiverFor(queueSource());

      const first = await receiveOne(receiver);
      await receiver.abandon(first);
      const second = await receiveOne(receiver);

      expect(second).toMatchObject({ messageId, body: 'try again', deliveryCount: 2 });
      await receiver.complete(second);
    });

    it('dead-letters a message abandoned on its last allowed delivery', async () => {
      const messageId = randomUUID();
      await sendToQueue({ messageId, body: { poison: true } });
      const receiver = receiverFor(queueSource());

      for (let delivery = 1; delivery <= fixture.maxDeliveryCount; delivery += 1) {
        const message = await receiveOne(receiver);
        expect(message.deliveryCount).toBe(delivery);
        await receiver.abandon(message);
      }

      await expectNothing(receiver);
      const deadLetters = receiverFor(queueSource(), 'deadLetter');
      const deadLettered = await receiveOne(deadLetters);
      expect(deadLettered).toMatchObject({
        messageId,
        body: { poison: true },
        deadLetterReason: 'MaxDeliveryCountExceeded',
      });
      await deadLetters.complete(deadLettered);
    });

    it('dead-letters on request, keeping the reason and description', async () => {
      const messageId = randomUUID();
      await sendToQueue({ messageId, body: { not: 'a command' } });
      const receiver = receiverFor(queueSource());
      await receiver.deadLetter(await receiveOne(receiver), {
        reason: 'InvalidCommand',
        description: 'The message is not a command: action: required.',
      });

      const deadLetters = receiverFor(queueSource(), 'deadLetter');
      const deadLettered = await receiveOne(deadLetters);
      expect(deadLettered).toMatchObject({
        messageId,
        body: { not: 'a command' },
        deadLetterReason: 'InvalidCommand',
        deadLetterErrorDescription: 'The message is not a command: action: required.',
      });
      await deadLetters.complete(deadLettered);
      await expectNothing(receiver);
    });

    it('holds a scheduled message back until its time', async () => {
      const messageId = randomUUID();
      const dueAtInMs = Date.now() + SCHEDULE_DELAY_IN_MS;
      await sendToQueue({ messageId, body: 'later', scheduledEnqueueTime: new Date(dueAtInMs) });
      const receiver = receiverFor(queueSource());

      await expectNothing(receiver);
      const message = await receiveOne(receiver);
      const receivedAtInMs = Date.now();

      expect(message).toMatchObject({ messageId, body: 'later' });
      expect(receivedAtInMs).toBeGreaterThanOrEqual(dueAtInMs - CLOCK_SKEW_TOLERANCE_IN_MS);
      await receiver.complete(message);
    });

    it('drops a second message with the same messageId', async () => {
      const messageId = randomUUID();
      await sendToQueue({ messageId, body: 'original' });
      await sendToQueue({ messageId, body: 'copy' });
      const receiver = receiverFor(queueSource());

      const message = await receiveOne(receiver);
      expect(message.body).toBe('original');
      await receiver.complete(message);
      await expectNothing(receiver);
    });

    it('fans a topic message out to every subscription', async () => {
      const messageId = randomUUID();
      await fixture.bus.createSender(fixture.topic).send({ messageId, body: { event: 'Succeeded' } });

      for (const index of [0, 1] as const) {
        const receiver = receiverFor(subscriptionSource(index));
        const message = await receiveOne(receiver);
        expect(message).toMatchObject({ messageId, body: { event: 'Succeeded' }, deliveryCount: 1 });
        await receiver.complete(message);
      }
    });

    it('carries application properties unchanged', async () => {
      const messageId = randomUUID();
      const applicationProperties = { CommandType: 'suspend', attempt: 3, urgent: true };
      await sendToQueue({ messageId, body: {}, applicationProperties });
      const receiver = receiverFor(queueSource());

      const message = await receiveOne(receiver);
      expect(message.applicationProperties).toEqual(applicationProperties);
      await receiver.complete(message);
    });

    it('pings an entity that exists and names one that does not', async () => {
      await expect(fixture.bus.ping(fixture.queue)).resolves.toBeUndefined();
      await expect(fixture.bus.ping(fixture.topic)).resolves.toBeUndefined();
      await expect(fixture.bus.ping(`missing-${randomUUID().slice(0, 8)}`)).rejects.toMatchObject({
        name: 'BusError',
        code: 'EntityNotFound',
      });
    });

    /** Sends one message and dead-letters it; resolves with it as the dead-letter sub-queue holds it. */
    const deadLettered = async (
      message: Parameters<typeof sendToQueue>[0] & { messageId: string },
      reason = 'DeliveryFailed',
    ): Promise<ReceivedMessage> => {
      await sendToQueue(message);
      const receiver = receiverFor(queueSource());
      await receiver.deadLetter(await receiveOne(receiver), { reason, description: `${reason} in a test.` });
      let found: ReceivedMessage | undefined;
      const deadline = Date.now() + ARRIVAL_TIMEOUT_IN_MS;
      while (!found && Date.now() < deadline) {
        const peeked = await fixture.bus.peekDeadLetters(fixture.queue);
        found = peeked.find((candidate) => candidate.messageId === message.messageId);
      }
      if (!found) throw new Error('The dead letter did not show up in a peek.');
      return found;
    };

    it('peeks at dead letters with their reason, without taking them', async () => {
      const messageId = randomUUID();
      const peeked = await deadLettered(
        { messageId, body: { event: 'e1' }, subject: 's' },
        'DeliveryRefused',
      );
      expect(peeked).toMatchObject({
        messageId,
        body: { event: 'e1' },
        subject: 's',
        deadLetterReason: 'DeliveryRefused',
        deadLetterErrorDescription: 'DeliveryRefused in a test.',
      });
      expect(peeked.sequenceNumber).toEqual(expect.any(Number));
      expect(peeked.enqueuedTime).toBeInstanceOf(Date);

      // Still there, for a second look and for a receiver.
      const again = await fixture.bus.peekDeadLetters(fixture.queue);
      expect(again.filter((message) => message.messageId === messageId)).toHaveLength(1);
      const deadLetters = receiverFor(queueSource(), 'deadLetter');
      expect((await receiveOne(deadLetters)).messageId).toBe(messageId);
    });

    it('replays a dead letter to its queue under a new messageId, once, and removes it', async () => {
      const messageId = randomUUID();
      const peeked = await deadLettered({
        messageId,
        body: { command: 'c1' },
        contentType: 'application/json',
        subject: 'suspend',
        applicationProperties: { attempt: 3, kind: 'x' },
      });

      const replayed = await fixture.bus.replayDeadLetter(fixture.queue, peeked.sequenceNumber!, {
        dropProperties: ['attempt'],
      });
      expect(replayed).toMatchObject({ sequenceNumber: peeked.sequenceNumber, originalMessageId: messageId });
      // The original id is still in the duplicate-detection window: the same id would be dropped.
      expect(replayed!.messageId).not.toBe(messageId);

      const receiver = receiverFor(queueSource());
      const message = await receiveOne(receiver);
      expect(message).toMatchObject({
        messageId: replayed!.messageId,
        body: { command: 'c1' },
        contentType: 'application/json',
        subject: 'suspend',
        deliveryCount: 1,
        applicationProperties: { kind: 'x' },
      });
      expect(message.applicationProperties).not.toHaveProperty('attempt');
      expect(message.deadLetterReason).toBeUndefined();
      await receiver.complete(message);

      const left = await fixture.bus.peekDeadLetters(fixture.queue);
      expect(left.filter((candidate) => candidate.messageId === messageId)).toEqual([]);
      // A second replay of the same dead letter finds nothing and sends nothing.
      await expect(
        fixture.bus.replayDeadLetter(fixture.queue, peeked.sequenceNumber!),
      ).resolves.toBeUndefined();
      await expectNothing(receiver);
    });

    it('replays nothing for a sequence number the dead-letter sub-queue does not hold', async () => {
      const messageId = randomUUID();
      const peeked = await deadLettered({ messageId, body: 'stay' });
      await expect(
        fixture.bus.replayDeadLetter(fixture.queue, peeked.sequenceNumber! + 1_000_000),
      ).resolves.toBeUndefined();
      const left = await fixture.bus.peekDeadLetters(fixture.queue);
      expect(left.filter((candidate) => candidate.messageId === messageId)).toHaveLength(1);
      await expectNothing(receiverFor(queueSource()));
    });

    it('hides a locked message from other receivers until it is settled', async () => {
      const messageId = randomUUID();
      await sendToQueue({ messageId, body: 'mine' });
      const holder = receiverFor(queueSource());
      const other = receiverFor(queueSource());

      const held = await receiveOne(holder);
      expect(held.messageId).toBe(messageId);
      await expectNothing(other);
      await holder.complete(held);
      await expectNothing(other);
    });
  });
}
