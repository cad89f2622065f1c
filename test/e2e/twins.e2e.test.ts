import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/command.js';
import { createOperationRecord } from '../../src/domain/lifecycle.js';
import { executeCommand } from '../../src/engine/executor.js';
import { endpointTarget, finished } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';

const get = useStandaloneHost();

const COMMANDS = 40;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Twins: each command is executed three times at once on one store: the host's executor (from the bus)
 * and two more executors in this process, as a second host given redelivered copies of the message would.
 */
describe('twin executions of one command on one store', () => {
  it('call the service once: no extra transition POSTs', async () => {
    const { admin, host } = get();
    const endpoints = Array.from({ length: COMMANDS }, () => randomUUID());
    for (const endpointId of endpoints) await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    await admin.clearRequests();
    const secondHost = { ...host.services, maxAttempts: 8 };

    const commands: Command[] = endpoints.map((endpointId) => ({
      id: randomUUID(),
      action: 'suspend',
      target: endpointTarget(endpointId),
      requestedBy: { source: 'http' },
      requestedDateTime: new Date().toISOString(),
    }));
    await Promise.all(
      commands.map((command) =>
        Promise.all([
          host.services.commands.send(command),
          executeCommand(secondHost, command, { attempt: 1 }, quiet),
          executeCommand(secondHost, command, { attempt: 1 }, quiet),
        ]),
      ),
    );
    const operations = await Promise.all(commands.map((command) => finished(get(), command.id)));
    expect(operations.map((o) => o.status)).toEqual(commands.map(() => 'Succeeded'));

    const posts = (await admin.requests()).filter((r) => r.method === 'POST' && r.path.endsWith(':suspend'));
    const extra = posts.length - COMMANDS;
    expect(extra, `${extra} extra transition POSTs for ${COMMANDS} commands`).toBe(0);
    for (const [index, endpointId] of endpoints.entries()) {
      expect(posts.filter((p) => p.path.includes(endpointId)).map((p) => p.operationId)).toEqual([
        commands[index]!.id,
      ]);
    }
  });
});

describe('a claim left by a worker that died before calling the service', () => {
  it('holds the command off until it expires; then the next execution finishes the work once', async () => {
    const { admin, host } = get();
    const endpointId = randomUUID();
    await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    await admin.clearRequests();
    const command: Command = {
      id: randomUUID(),
      action: 'suspend',
      target: endpointTarget(endpointId),
      requestedBy: { source: 'http' },
      requestedDateTime: new Date().toISOString(),
    };
    const expiresAt = new Date(Date.now() + 3_000);
    const { services } = host;
    await services.operations.create({
      ...createOperationRecord(command, new Date(), services.timings),
      claim: { holder: 'a-worker-that-died', expiresAt: expiresAt.toISOString() },
    });
    await services.commands.send(command);

    const operation = await finished(get(), command.id);
    expect(operation.status).toBe('Succeeded');
    const posts = (await admin.requests()).filter((r) => r.method === 'POST' && r.path.includes(endpointId));
    expect(posts).toHaveLength(1);
    expect(Date.parse(posts[0]!.time)).toBeGreaterThanOrEqual(expiresAt.getTime());
  });
});
