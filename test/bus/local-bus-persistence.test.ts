import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalBus, type LocalBus, type LocalBusOptions } from '../../src/bus/local-bus.js';
import { openBusJournal } from '../../src/bus/local/bus-journal.js';
import { waitFor } from '../harness/wait-for.js';
import { receiveMessages, receiveOne } from './bus-contract.js';

const QUEUE = 'durable-commands';
const TOPIC = 'durable-events';

describe('local bus on disk: what a restart keeps', () => {
  let directory: string;
  const open: LocalBus[] = [];
  const start = (options: LocalBusOptions = {}): LocalBus => {
    const bus = createLocalBus({ directory, ...options });
    bus.declareQueue(QUEUE);
    bus.declareTopic(TOPIC, ['first', 'second']);
    open.push(bus);
    return bus;
  };
  /** Closes the bus as a crash would leave it: nothing is settled, only what is on disk remains. */
  const restart = async (bus: LocalBus, options: LocalBusOptions = {}): Promise<LocalBus> => {
    await bus.close();
    return start(options);
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'durable-bus-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((bus) => bus.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps waiting messages of queues and subscriptions, in order, with their properties', async () => {
    const bus = start();
    await bus.createSender(QUEUE).send([
      { messageId: 'a', body: { n: 1 }, subject: 'suspend', applicationProperties: { CommandType: 'x' } },
      { messageId: 'b', body: Buffer.from([0, 1, 2, 255]), contentType: 'application/octet-stream' },
    ]);
    await bus.createSender(TOPIC).send({ messageId: 'event-1', body: { type: 'Succeeded' } });

    const again = await restart(bus);
    const [first, second] = await receiveMessages(again.createReceiver({ queue: QUEUE }), 2);
    expect(first).toMatchObject({
      messageId: 'a',
      body: { n: 1 },
      subject: 'suspend',
      applicationProperties: { CommandType: 'x' },
      deliveryCount: 1,
    });
    expect(second).toMatchObject({ messageId: 'b', contentType: 'application/octet-stream' });
    expect(Buffer.from(second!.body as Uint8Array)).toEqual(Buffer.from([0, 1, 2, 255]));
    for (const subscription of ['first', 'second']) {
      const event = await receiveOne(again.createReceiver({ topic: TOPIC, subscription }));
      expect(event).toMatchObject({ messageId: 'event-1', body: { type: 'Succeeded' } });
    }
    // Sequence numbers go on from where the last run stopped.
    await again.createSender(QUEUE).send({ messageId: 'c', body: 'after restart' });
    const third = await receiveOne(again.createReceiver({ queue: QUEUE }));
    expect(third.sequenceNumber).toBeGreaterThan(second!.sequenceNumber!);
  });

  it('keeps a replay: the copy waits in the queue and the dead letter is gone after a restart', async () => {
    const bus = start();
    await bus.createSender(QUEUE).send({ messageId: 'poison', body: { n: 1 } });
    const receiver = bus.createReceiver({ queue: QUEUE });
    await receiver.deadLetter(await receiveOne(receiver), { reason: 'DeliveryFailed', description: 'd' });
    const [deadLetter] = await bus.peekDeadLetters(QUEUE);
    const replayed = await bus.replayDeadLetter(QUEUE, deadLetter!.sequenceNumber!);

    const again = await restart(bus);
    expect(await again.peekDeadLetters(QUEUE)).toEqual([]);
    const copy = await receiveOne(again.createReceiver({ queue: QUEUE }));
    expect(copy).toMatchObject({ messageId: replayed!.messageId, body: { n: 1 }, deliveryCount: 1 });
    // Duplicate detection remembers the replay's id: replaying again after a crash would be dropped.
    await again.createSender(QUEUE).send({ messageId: replayed!.messageId, body: 'copy' });
    expect(again.stats(QUEUE)).toMatchObject({ active: 0, locked: 1 });
  });

  it('forgets completed messages and hands out unsettled ones again with their delivery count', async () => {
    const bus = start();
    await bus.createSender(QUEUE).send([
      { messageId: 'done', body: 'done' },
      { messageId: 'abandoned', body: 'abandoned' },
      { messageId: 'locked', body: 'locked' },
    ]);
    const receiver = bus.createReceiver({ queue: QUEUE });
    const [done, abandoned, locked] = await receiveMessages(receiver, 3);
    await receiver.complete(done!);
    await receiver.abandon(abandoned!);
    await receiveOne(receiver); // the abandoned one again: delivery 2, left locked like `locked`
    expect(locked?.messageId).toBe('locked');

    const again = await restart(bus);
    const redelivered = await receiveMessages(again.createReceiver({ queue: QUEUE }), 3, 500);
    expect(redelivered.map(({ messageId, deliveryCount }) => ({ messageId, deliveryCount }))).toEqual([
      { messageId: 'abandoned', deliveryCount: 3 },
      { messageId: 'locked', deliveryCount: 2 },
    ]);
  });

  it('keeps a scheduled message back until its time, across the restart', async () => {
    const bus = start();
    const dueAtInMs = Date.now() + 1_500;
    await bus
      .createSender(QUEUE)
      .send({ messageId: 'later', body: 'later', scheduledEnqueueTime: new Date(dueAtInMs) });

    const again = await restart(bus);
    expect(again.stats(QUEUE)).toMatchObject({ active: 0, scheduled: 1 });
    const message = await receiveOne(again.createReceiver({ queue: QUEUE }), 10_000);
    expect(message.body).toBe('later');
    expect(Date.now()).toBeGreaterThanOrEqual(dueAtInMs);
  });

  it('keeps dead letters with their reason, whether dead-lettered on request or after the last delivery', async () => {
    const bus = start({ maxDeliveryCount: 1 });
    await bus.createSender(QUEUE).send([
      { messageId: 'poison', body: 'poison' },
      { messageId: 'refused', body: 'refused' },
    ]);
    const receiver = bus.createReceiver({ queue: QUEUE });
    const [poison, refused] = await receiveMessages(receiver, 2);
    await receiver.abandon(poison!);
    await receiver.deadLetter(refused!, { reason: 'InvalidCommand', description: 'action: required' });

    const again = await restart(bus, { maxDeliveryCount: 1 });
    const deadLetters = await receiveMessages(
      again.createReceiver({ queue: QUEUE }, { subQueue: 'deadLetter' }),
      2,
    );
    expect(deadLetters).toMatchObject([
      { messageId: 'poison', deadLetterReason: 'MaxDeliveryCountExceeded' },
      {
        messageId: 'refused',
        deadLetterReason: 'InvalidCommand',
        deadLetterErrorDescription: 'action: required',
      },
    ]);
    expect(again.stats(QUEUE)).toMatchObject({ active: 0, locked: 0 });
  });

  it('still drops a duplicate of a message sent before the restart, even one already completed', async () => {
    const bus = start();
    await bus.createSender(QUEUE).send({ messageId: 'once', body: 'original' });
    await bus.createSender(TOPIC).send({ messageId: 'event-once', body: 'original' });
    const receiver = bus.createReceiver({ queue: QUEUE });
    await receiver.complete(await receiveOne(receiver));

    const again = await restart(bus);
    await again.createSender(QUEUE).send({ messageId: 'once', body: 'copy' });
    await again.createSender(TOPIC).send({ messageId: 'event-once', body: 'copy' });
    expect(again.stats(QUEUE)).toMatchObject({ active: 0, scheduled: 0 });
    expect(again.stats({ topic: TOPIC, subscription: 'first' })).toMatchObject({ active: 1 });
  });

  it('forgets duplicate-detection ids once their window has passed', async () => {
    const bus = start({ duplicateDetectionWindowInMs: 50 });
    await bus.createSender(QUEUE).send({ messageId: 'once', body: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const again = await restart(bus, { duplicateDetectionWindowInMs: 50 });
    await again.createSender(QUEUE).send({ messageId: 'once', body: 'second' });
    expect(again.stats(QUEUE)).toMatchObject({ active: 2 });
  });

  it('ignores a last line cut short by a crash', async () => {
    const bus = start();
    await bus.createSender(QUEUE).send({ messageId: 'whole', body: 'whole' });
    await bus.close();
    appendFileSync(join(directory, 'bus.journal'), '{"op":"added","queue":"durable-comm');

    const again = start();
    expect((await receiveOne(again.createReceiver({ queue: QUEUE }))).messageId).toBe('whole');
  });

  it('rewrites its journal so that it follows what is waiting, not everything ever sent', () => {
    const journal = openBusJournal({
      directory,
      duplicateDetectionWindowInMs: () => 0,
      compactAfterRecords: 50,
    });
    const queue = journal.journalFor(QUEUE);
    const message = (sequenceNumber: number) => ({
      sequenceNumber,
      messageId: randomUUID(),
      body: { kind: 'json' as const, text: JSON.stringify({ padding: 'x'.repeat(200) }) },
      applicationProperties: {},
      enqueuedTime: new Date(),
      deliveryCount: 0,
    });
    const sizeAfter = (count: number, from: number): number => {
      for (let n = from; n < from + count; n += 1) {
        queue.added(message(n));
        queue.removed(message(n));
        journal.flushDurably();
      }
      return statSync(join(directory, 'bus.journal')).size;
    };
    const afterSixty = sizeAfter(60, 1);
    const afterSixHundred = sizeAfter(600, 61);
    journal.close();
    expect(afterSixHundred).toBeLessThanOrEqual(afterSixty * 2);
    expect(openBusJournal({ directory, duplicateDetectionWindowInMs: () => 0 }).restore(QUEUE)).toMatchObject(
      {
        messages: [],
        nextSequenceNumber: 661,
      },
    );
  });
});

describe('local bus on disk: killed with SIGKILL', () => {
  const fixture = fileURLToPath(new URL('./fixtures/busy-durable-bus.ts', import.meta.url));
  let directory: string;
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('loses no acknowledged send and brings back no completed message', async () => {
    directory = mkdtempSync(join(tmpdir(), 'killed-bus-'));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, directory], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));

    // Killed in the middle of sending, receiving and completing, wherever it happens to be.
    await waitFor(() => (output.match(/^completed /gm)?.length ?? 0) >= 200, {
      timeoutInMs: 60_000,
      what: '200 completions',
    });
    child.kill('SIGKILL');
    await exited;

    const lines = output.split('\n');
    const acked = lines.filter((line) => line.startsWith('acked ')).map((line) => line.slice(6));
    const completed = new Set(
      lines.filter((line) => line.startsWith('completed ')).map((line) => line.slice(10)),
    );
    const bus = createLocalBus({ directory });
    bus.declareQueue('work');
    const waiting = new Set<string>();
    const receiver = bus.createReceiver({ queue: 'work' });
    for (;;) {
      const batch = await receiver.receive({ maxMessageCount: 500, maxWaitTimeInMs: 100 });
      if (batch.length === 0) break;
      for (const message of batch) waiting.add(message.messageId);
    }
    await bus.close();

    // Odd messages are never completed, so each acknowledged one must be there. An even one may be gone
    // without a `completed` line: the kill can land between its completion and the line.
    const lost = acked.filter((id) => Number(id.split('-')[1]) % 2 === 1 && !waiting.has(id));
    const back = [...completed].filter((id) => waiting.has(id));
    expect({ lost, back }).toEqual({ lost: [], back: [] });
    expect(acked.length).toBeGreaterThan(completed.size);
    expect(waiting.size).toBeGreaterThan(0);
  });
});
