import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import { DEFAULT_COMMANDS_QUEUE } from '../../src/config/names.js';
import type { Target } from '../../src/domain/operation.js';
import type { CommandQueue } from '../../src/pipeline/ports.js';
import { createSubmitCommand } from '../../src/pipeline/submit-command.js';
import { SEED } from '../../src/simulator/seed.js';
import { eventOf, localBusOf, quiesce, startEventTap, type EventTap } from '../harness/event-tap.js';
import {
  endpointTarget,
  finished,
  getOperation,
  listAll,
  submitCommand,
  type Operation,
} from '../harness/operation-client.js';
import { useStandaloneHost, type TestHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';

const FAILED = 'CognitiveOps.Operation.Failed';
const SUCCEEDED = 'CognitiveOps.Operation.Succeeded';

/** A command whose first send is lost; the poller's re-send is held until the test lets it go. */
interface LostSend {
  droppedCommandId?: string;
  /** Set when the poller starts sending the command again. */
  resending: boolean;
  release: Gate;
}

interface Gate {
  promise: Promise<void>;
  resolve(): void;
}

function gate(): Gate {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
const lostSends = new Map<string, LostSend>();
/** Health checks the test has made fail. */
const down = new Set<'storage' | 'bus'>();

function lostSendOf(target: Target): LostSend | undefined {
  return target.kind === 'customvoice-endpoint' ? lostSends.get(String(target.endpointId)) : undefined;
}

/**
 * Test seams of the main host: a command queue that loses the first send of chosen commands and holds
 * the poller's re-send until released; for those commands a submit whose recovery delay is 1 s instead
 * of 60 s (the submit use case keeps its own timings, so it is built again for them from the same
 * factory); and health checks that can be made to fail.
 */
function withTestSeams(services: AppServices): AppServices {
  const commands: CommandQueue = {
    send: async (command, options) => {
      const lost = lostSendOf(command.target);
      if (lost && lost.droppedCommandId === undefined) {
        lost.droppedCommandId = command.id;
        return;
      }
      if (lost && options?.messageId?.includes(':recover:')) {
        lost.resending = true;
        await lost.release.promise;
      }
      await services.commands.send(command, options);
    },
  };
  const submitRecoveringQuickly = createSubmitCommand({
    operations: services.operations,
    commands,
    clock: services.clock,
    timings: { ...services.timings, recoveryDelayInMs: 1_000 },
    resourceNames: () => services.ai.names(),
  });
  const failing = (name: 'storage' | 'bus') => () =>
    down.has(name)
      ? Promise.reject(new Error(`${name} made unreachable by the test`))
      : services.health[name]();
  return {
    ...services,
    commands,
    submit: (input) => (lostSendOf(input.target) ? submitRecoveringQuickly(input) : services.submit(input)),
    health: {
      storage: failing('storage'),
      bus: failing('bus'),
    },
  };
}

const main = useStandaloneHost({ wrapServices: withTestSeams });

afterAll(() => {
  // Never leave a poller run waiting on a held re-send: the host could not close.
  for (const lost of lostSends.values()) lost.release.resolve();
});

/** Runs `body` with an event tap on the host's topic, closed afterwards. */
async function withTap<T>(host: TestHost, body: (tap: EventTap) => Promise<T>): Promise<T> {
  const tap = startEventTap(host.host);
  try {
    return await body(tap);
  } finally {
    await tap.close();
  }
}

/** Waits for the operation's event, lets the host settle, and expects it to be the only one. */
async function theOnlyEvent(host: TestHost, tap: EventTap, operation: Operation, type: string) {
  await waitFor(() => tap.eventsFor(operation.id).length > 0, { what: `event for ${operation.id}` });
  await quiesce(host.host, [tap]);
  const messages = tap.eventsFor(operation.id);
  expect(messages).toHaveLength(1);
  const event = eventOf(messages[0]!);
  expect(event.type).toBe(type);
  expect(event.data).toEqual(operation);
  return event;
}

describe('permanent upstream failures', () => {
  it.each(['Running', 'Disabling'] as const)(
    'ends a suspend of an endpoint in %s Failed with the service 400 BadRequest, one Failed event',
    async (endpointStatus) => {
      const host = main();
      const endpointId = randomUUID();
      await host.admin.putEndpoint(endpointId, { status: endpointStatus });
      await withTap(host, async (tap) => {
        const accepted = await submitCommand(host, { action: 'suspend', target: endpointTarget(endpointId) });
        const operation = await finished(host, accepted.id);
        expect(operation).toMatchObject({
          status: 'Failed',
          error: {
            code: 'BadRequest',
            message: `The endpoint cannot be suspended: its status is ${endpointStatus}, and suspend needs Succeeded.`,
          },
        });
        const suspends = (await host.admin.requests()).filter((r) =>
          r.path.endsWith(`${endpointId}:suspend`),
        );
        expect(suspends.map((r) => [r.status, r.operationId])).toEqual([[400, operation.id]]);
        await theOnlyEvent(host, tap, operation, FAILED);
      });
    },
  );

  it('ends a status check of an unknown Face operation Failed with the service 404 NotFound, one Failed event', async () => {
    const host = main();
    const faceOperationId = randomUUID();
    await withTap(host, async (tap) => {
      const accepted = await submitCommand(host, {
        action: 'status-check',
        target: { kind: 'face-operation', resource: 'simulator', operationId: faceOperationId },
      });
      const operation = await finished(host, accepted.id);
      expect(operation).toMatchObject({
        status: 'Failed',
        error: { code: 'NotFound', message: `Operation ${faceOperationId} was not found.` },
      });
      await theOnlyEvent(host, tap, operation, FAILED);
    });
  });

  it('answers a resume of an endpoint already Succeeded at once, without a :resume call', async () => {
    const host = main();
    const endpointId = randomUUID();
    await host.admin.putEndpoint(endpointId, { status: 'Succeeded' });
    await withTap(host, async (tap) => {
      const accepted = await submitCommand(host, { action: 'resume', target: endpointTarget(endpointId) });
      const operation = await finished(host, accepted.id);
      expect(operation).toMatchObject({
        status: 'Succeeded',
        result: { endpointStatus: 'Succeeded', alreadyInDesiredState: true },
      });
      await theOnlyEvent(host, tap, operation, SUCCEEDED);
      // The host is idle now: any call it would make for this operation has been made.
      const calls = (await host.admin.requests()).filter((r) => r.path.includes(endpointId));
      expect(calls.map((r) => r.method)).not.toContain('POST');
      expect(calls.some((r) => r.path.endsWith(':resume'))).toBe(false);
    });
  });
});

describe('messages and sends that go wrong', () => {
  it('dead-letters a message on the commands queue that is not a command, with InvalidCommand, and records nothing', async () => {
    const host = main();
    await quiesce(host.host);
    const before = await listAll(host, 'top=1000');
    const bus = localBusOf(host.host);
    const messageId = `not-a-command-${randomUUID()}`;
    const sender = bus.createSender(DEFAULT_COMMANDS_QUEUE);
    await sender.send({ messageId, body: { hello: 1 }, contentType: 'application/json' });
    await sender.close();

    const deadLetters = bus.createReceiver({ queue: DEFAULT_COMMANDS_QUEUE }, { subQueue: 'deadLetter' });
    try {
      const deadLettered = await waitFor(
        async () => {
          const received = await deadLetters.receive({ maxMessageCount: 50, maxWaitTimeInMs: 1_000 });
          for (const message of received) await deadLetters.complete(message);
          return received.find((message) => message.messageId === messageId);
        },
        { what: 'the message in the dead-letter sub-queue' },
      );
      expect(deadLettered).toMatchObject({
        body: { hello: 1 },
        deadLetterReason: 'InvalidCommand',
      });
      expect(deadLettered.deadLetterErrorDescription).toMatch(/^The message is not a command: /);
    } finally {
      await deadLetters.close();
    }
    // Dead-lettered at once, on its first delivery, rather than after maxDeliveryCount tries.
    const failures = host.logs.filter((line) => line.includes(`message ${messageId} (delivery`));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(`message ${messageId} (delivery 1) failed: InvalidCommand: `);

    await quiesce(host.host);
    expect((await listAll(host, 'top=1000')).map((o) => o.id).sort()).toEqual(before.map((o) => o.id).sort());
  });

  it('recovers a command whose send was lost: the poller sends it again and it completes once', async () => {
    const host = main();
    const endpointId = randomUUID();
    await host.admin.putEndpoint(endpointId, { status: 'Succeeded' });
    const lost: LostSend = {
      resending: false,
      release: gate(),
    };
    lostSends.set(endpointId, lost);
    try {
      await withTap(host, async (tap) => {
        const accepted = await submitCommand(host, { action: 'suspend', target: endpointTarget(endpointId) });
        expect(accepted.status).toBe('NotStarted');
        expect(lost.droppedCommandId).toBe(accepted.id);

        // The poller found the record due and is sending the command again (held here for a look).
        await waitFor(() => lost.resending, { what: 'the poller to send the lost command again' });
        expect(await getOperation(host, accepted.id)).toMatchObject({ status: 'NotStarted' });
        expect((await host.admin.requests()).filter((r) => r.path.includes(endpointId))).toEqual([]);
        lost.release.resolve();

        const operation = await finished(host, accepted.id);
        expect(operation).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
        await theOnlyEvent(host, tap, operation, SUCCEEDED);
        const suspends = (await host.admin.requests()).filter((r) =>
          r.path.endsWith(`${endpointId}:suspend`),
        );
        expect(suspends.map((r) => [r.status, r.operationId])).toEqual([[202, operation.id]]);
        expect(
          host.logs.some((line) => line.includes(`Operation ${operation.id}: not started after 1 checks`)),
        ).toBe(true);
      });
    } finally {
      lost.release.resolve();
      lostSends.delete(endpointId);
    }
  });
});

describe('the health and list routes', () => {
  it.each(['storage', 'bus'] as const)(
    'answers 503 Unhealthy naming %s while it cannot be reached, 200 again afterwards',
    async (dependency) => {
      const host = main();
      down.add(dependency);
      try {
        const response = await host.api('/api/health');
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({
          status: 'Unhealthy',
          checks: {
            storage: dependency === 'storage' ? 'Unhealthy' : 'Healthy',
            bus: dependency === 'bus' ? 'Unhealthy' : 'Healthy',
          },
        });
      } finally {
        down.delete(dependency);
      }
      const recovered = await host.api('/api/health');
      expect(recovered.status).toBe(200);
      expect(await recovered.json()).toEqual({
        status: 'Healthy',
        checks: { storage: 'Healthy', bus: 'Healthy' },
      });
    },
  );

  it('lists only failed operations with status=Failed, and refuses an unknown status', async () => {
    const host = main();
    const [failedAccepted, succeededAccepted] = await Promise.all([
      submitCommand(host, {
        action: 'status-check',
        target: { kind: 'face-operation', resource: 'simulator', operationId: randomUUID() },
      }),
      submitCommand(host, { action: 'status-check', target: endpointTarget(SEED.endpointId) }),
    ]);
    const [failed, succeeded] = await Promise.all([
      finished(host, failedAccepted.id),
      finished(host, succeededAccepted.id),
    ]);
    expect([failed.status, succeeded.status]).toEqual(['Failed', 'Succeeded']);

    const listed = await listAll(host, 'status=Failed&top=2');
    expect(listed.length).toBeGreaterThanOrEqual(1);
    for (const operation of listed) expect(operation.status).toBe('Failed');
    expect(listed.filter((o) => o.id === failed.id)).toEqual([failed]);
    expect(listed.some((o) => o.id === succeeded.id)).toBe(false);

    const bad = await host.api('/api/operations?status=Broken');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; target?: string } };
    expect(bad.headers.get('x-ms-error-code')).toBe(body.error.code);
    expect(body.error).toMatchObject({ code: 'InvalidValue', target: 'status' });
  });
});

/**
 * A second host in the same file, on the first host's simulator: a second AI resource `bad` whose key is
 * wrong, and a tracking limit of 3 s instead of OPERATION_TIMEOUT_MINUTES (a whole minute at least).
 * `AI_RESOURCES` given in the environment means this host starts no simulator of its own.
 */
describe('a host with a wrongly keyed resource and a 3-second tracking limit', () => {
  const strict = useStandaloneHost({
    get env() {
      const simulatorUrl = main().host.simulatorUrl!;
      return {
        AI_RESOURCES: JSON.stringify({
          simulator: { endpoint: simulatorUrl, auth: 'key' },
          bad: { endpoint: simulatorUrl, auth: 'key' },
        }),
        AI_KEY_SIMULATOR: 'simulator-key',
        AI_KEY_BAD: 'not-the-simulator-key',
      };
    },
    wrapServices: (services) => ({
      ...services,
      timings: { ...services.timings, operationTimeoutInMs: 3_000 },
    }),
  });

  it('ends a command on a resource whose key is refused (401) Failed with Unauthorized, one Failed event', async () => {
    const host = strict();
    const { admin } = main();
    const endpointId = randomUUID();
    await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    await withTap(host, async (tap) => {
      const accepted = await submitCommand(host, {
        action: 'suspend',
        target: endpointTarget(endpointId, 'bad'),
      });
      const operation = await finished(host, accepted.id);
      expect(operation).toMatchObject({
        status: 'Failed',
        error: {
          code: 'Unauthorized',
          message: expect.stringContaining('invalid subscription key') as unknown,
        },
      });
      expect(JSON.stringify(operation)).not.toContain('not-the-simulator-key');
      await theOnlyEvent(host, tap, operation, FAILED);
      // Every call was refused; none of them got as far as a suspend.
      const calls = (await admin.requests()).filter(
        (r) => r.path.includes(endpointId) || r.path.includes(operation.id),
      );
      expect(calls.length).toBeGreaterThanOrEqual(1);
      for (const call of calls) expect(call).toMatchObject({ auth: 'key', status: 401 });
      expect(calls.some((r) => r.path.endsWith(':suspend'))).toBe(false);
    });
  });

  it('ends an operation still running past the tracking limit Failed with Expired, through the poller', async () => {
    const host = strict();
    const { admin } = main();
    const projectName = `never-${randomUUID().slice(0, 8)}`;
    await admin.putQnaJob(projectName, 'job', { status: 'running', completeAfterSeconds: 3600 });
    await withTap(host, async (tap) => {
      const accepted = await submitCommand(host, {
        action: 'status-check',
        target: { kind: 'qna-job', resource: 'simulator', projectName, jobId: 'job' },
      });
      const operation = await finished(host, accepted.id);
      expect(operation).toMatchObject({
        status: 'Failed',
        error: { code: 'Expired' },
        // The service's own word is still "running": it is the tracking limit that ended it.
        upstream: { operationId: 'job', status: 'running' },
      });
      await theOnlyEvent(host, tap, operation, FAILED);
      const checks = (await admin.requests()).filter((r) => r.path.includes(`/projects/${projectName}/`));
      expect(checks.length).toBeGreaterThanOrEqual(2);
    });
  });
});
