import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import type { DeadLetterView } from '../../src/pipeline/dead-letter-view.js';
import { DEFAULT_COMMANDS_QUEUE } from '../../src/config/names.js';
import { localBusOf } from '../harness/event-tap.js';
import { endpointTarget, finished, submitCommand } from '../harness/operation-client.js';
import { postJson, useStandaloneHost, type TestHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';

/** Endpoints whose operation records cannot be written: a storage outage that hits one command only. */
const unwritable = new Set<string>();

function withUnwritableRecords(services: AppServices): AppServices {
  return {
    ...services,
    operations: {
      ...services.operations,
      update: (record, etag) =>
        'endpointId' in record.target && unwritable.has(String(record.target.endpointId))
          ? Promise.reject(new Error('storage made unwritable by the test'))
          : services.operations.update(record, etag),
    },
  };
}

const main = useStandaloneHost({ wrapServices: withUnwritableRecords });

type DeadLetterItem = DeadLetterView & { body: Record<string, unknown> };

async function listCommands(host: TestHost): Promise<DeadLetterItem[]> {
  const response = await host.api('/api/deadletters?entity=commands');
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: DeadLetterItem[] }).value;
}

describe('dead-lettered commands', () => {
  it('are listed with their reason and, once replayed, run to the end with one upstream call', async () => {
    const host = main();
    const endpointId = randomUUID();
    await host.admin.putEndpoint(endpointId, { status: 'Succeeded' });
    unwritable.add(endpointId);
    const accepted = await submitCommand(host, { action: 'suspend', target: endpointTarget(endpointId) });

    // Every delivery fails to write the record: the bus dead-letters the command after its deliveries.
    const [item] = await waitFor(
      async () => {
        const found = (await listCommands(host)).filter((entry) => entry.body.id === accepted.id);
        return found.length > 0 && found;
      },
      { what: 'the command in GET /api/deadletters?entity=commands' },
    );
    expect(item).toMatchObject({
      entity: 'commands',
      id: expect.stringMatching(/^\d+$/),
      reason: 'MaxDeliveryCountExceeded',
      subject: 'suspend',
      body: { id: accepted.id, action: 'suspend', target: { endpointId } },
    });
    expect(item!.deliveryCount).toBeGreaterThanOrEqual(1);

    // Storage is back; the operator replays the command.
    unwritable.delete(endpointId);
    const replay = await host.api(`/api/deadletters/commands/${item!.id}:replay`, postJson({}));
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ entity: 'commands', id: item!.id });

    const operation = await finished(host, accepted.id);
    expect(operation).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
    expect((await listCommands(host)).filter((entry) => entry.body.id === accepted.id)).toEqual([]);
    // However many times the command ran, the service was asked to suspend once (the same Operation-Id).
    const suspends = (await host.admin.requests()).filter(
      (request) => request.method === 'POST' && request.path.includes(`${endpointId}:suspend`),
    );
    expect(suspends).toHaveLength(1);
  });

  it('show a body without reply URLs or secret-looking fields', async () => {
    const host = main();
    const messageId = `not-a-command-${randomUUID()}`;
    const sender = localBusOf(host.host).createSender(DEFAULT_COMMANDS_QUEUE);
    await sender.send({
      messageId,
      body: {
        hello: 1,
        requestedBy: {
          source: 'slack',
          replyTo: { kind: 'slack', responseUrl: 'https://hooks.slack.com/commands/T1/reply-credential' },
        },
        token: 'token-credential',
      },
    });
    await sender.close();

    const item = await waitFor(
      async () => (await listCommands(host)).find((entry) => entry.messageId === messageId),
      { what: 'the message in the commands dead letters' },
    );
    expect(item).toMatchObject({
      reason: 'InvalidCommand',
      body: {
        hello: 1,
        requestedBy: { replyTo: { kind: 'slack', responseUrl: 'https://hooks.slack.com/…' } },
      },
    });
    expect(item.description).toMatch(/^The message is not a command: /);
    expect(JSON.stringify(item)).not.toMatch(/credential/);
  });
});

describe('the dead-letter routes refuse bad requests', () => {
  it.each([
    ['/api/deadletters', 'entity'],
    ['/api/deadletters?entity=events', 'entity'],
    ['/api/deadletters?entity=commands&top=0', 'top'],
    ['/api/deadletters?entity=commands&top=x', 'top'],
    ['/api/deadletters?entity=commands&since=1', 'since'],
  ])('GET %s is a 400 naming %s', async (path, target) => {
    const response = await main().api(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-ms-error-code')).toBeTruthy();
    const body = (await response.json()) as { error: { code: string; message: string; details?: unknown } };
    expect(JSON.stringify(body.error)).toContain(target);
  });

  it('accepts the host-added code parameter and caps nothing it was not asked to', async () => {
    const response = await main().api('/api/deadletters?entity=deliveries&top=5&code=function-key');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ value: [] });
  });

  it.each([
    '/api/deadletters/commands/999999:replay',
    '/api/deadletters/commands/not-a-number:replay',
    '/api/deadletters/events/1:replay',
  ])('POST %s is a 404 DeadLetterNotFound', async (path) => {
    const response = await main().api(path, postJson({}));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'DeadLetterNotFound' } });
    expect(response.headers.get('x-ms-error-code')).toBe('DeadLetterNotFound');
  });
});
