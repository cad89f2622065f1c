import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMANDS_QUEUE } from '../../src/config/names.js';
import { localBusOf } from '../harness/event-tap.js';
import { endpointTarget, finished, submitCommand } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../harness/webhook-receiver.js';
import { jsonOf, runCli } from './run-cli.js';

/** Issue 13 with issue 10: `cogops deadletters` against the standalone host, as a user runs it. */

interface Listed {
  value: Array<{ entity: string; id: string; reason: string; messageId: string; subject?: string }>;
}

let refusing: WebhookReceiver;
beforeAll(async () => {
  refusing = await startWebhookReceiver({ refuseAll: { status: 410 } });
});
afterAll(async () => {
  await refusing.close();
});

const get = useStandaloneHost({
  get settings() {
    return { EVENT_WEBHOOKS: JSON.stringify([{ url: `${refusing.url}/gone` }]) };
  },
});
const cli = (...args: string[]) => runCli(args, { env: { COGOPS_URL: get().host.url } });

describe('cogops deadletters', () => {
  it('lists dead-lettered commands and deliveries, and replays one', async () => {
    const host = get();
    // A command-queue message that is not a command, and an event whose only subscriber refuses it.
    const messageId = `not-a-command-${randomUUID()}`;
    await localBusOf(host.host)
      .createSender(DEFAULT_COMMANDS_QUEUE)
      .send({ messageId, body: { hello: 1 } });
    const endpointId = randomUUID();
    await host.admin.putEndpoint(endpointId, { status: 'Disabled' });
    const operation = await finished(
      host,
      (await submitCommand(host, { action: 'suspend', target: endpointTarget(endpointId) })).id,
    );

    // Wait through the API (each CLI run starts a process), then look with the CLI.
    await waitFor(
      async () => {
        const counts = await Promise.all(
          ['commands', 'deliveries'].map(async (entity) => {
            const response = await host.api(`/api/deadletters?entity=${entity}`);
            return ((await response.json()) as Listed).value.length;
          }),
        );
        return counts.every((count) => count === 1);
      },
      { what: 'a dead-lettered command and a dead-lettered delivery' },
    );
    const listing = await cli('deadletters', '--json');
    expect(listing.code, listing.stderr).toBe(0);
    const listed = jsonOf<Listed>(listing).value;
    const command = listed.find((item) => item.entity === 'commands');
    const delivery = listed.find((item) => item.entity === 'deliveries');
    expect(command).toMatchObject({ messageId, reason: 'InvalidCommand' });
    expect(delivery).toMatchObject({ reason: 'DeliveryRefused', subject: operation.id });

    const human = await cli('deadletters');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^ENTITY\s+ID\s+REASON/m);
    expect(human.stdout).toMatch(new RegExp(`^commands\\s+${command!.id}\\s+InvalidCommand`, 'm'));
    expect(human.stdout).toMatch(new RegExp(`^deliveries\\s+${delivery!.id}\\s+DeliveryRefused`, 'm'));
    expect(human.stdout).toContain('HTTP 410');

    const onlyDeliveries = jsonOf<Listed>(
      await cli('deadletters', 'list', '--entity', 'deliveries', '--json'),
    );
    expect(onlyDeliveries.value.map((item) => item.id)).toEqual([delivery!.id]);

    // The subscriber is back: replay the delivery.
    refusing.refuseAll(undefined);
    const replayed = await cli('deadletters', 'replay', 'deliveries', delivery!.id);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(
      new RegExp(`^Replayed deliveries ${delivery!.id} as message \\S+\\.$`, 'm'),
    );
    await waitFor(
      () => refusing.received.some((r) => (r.json as { subject?: string }).subject === operation.id),
      {
        what: 'the replayed delivery',
      },
    );
    const left = jsonOf<Listed>(await cli('deadletters', 'list', '--entity', 'deliveries', '--json'));
    expect(left.value).toEqual([]);
  }, 240_000);

  it('says what is wrong: an unknown dead letter (exit 3), an unknown entity (exit 2)', async () => {
    const missing = await cli('deadletters', 'replay', 'commands', '987654321');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('404 DeadLetterNotFound');

    const wrongEntity = await cli('deadletters', '--entity', 'events');
    expect(wrongEntity.code).toBe(2);
    expect(wrongEntity.stderr).toContain('--entity must be one of commands, deliveries');
  }, 240_000);
});
