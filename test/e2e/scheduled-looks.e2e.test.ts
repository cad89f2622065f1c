import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import { endpointTarget, getOperation, submitCommand } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';
import { useWebhookReceiver } from '../harness/webhook-receiver.js';

/**
 * Each look at a running operation is delivered at its time by a scheduled message, so the completion
 * event does not wait for the poller timer; the timer stays as the safety sweep for a lost message.
 * The poller timer here is set to fire once a year: whatever it does in these tests, a test made it do.
 */
const FRESH = '5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f80';
const LOST_LOOKS = '6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8091';
const NEVER = '0 0 0 1 1 *';

/** Drops every look message for the LOST_LOOKS endpoint, as if the bus had lost them. */
const dropped: number[] = [];
function loseLooksOf(services: AppServices): AppServices {
  return {
    ...services,
    looks: {
      schedule: async (look) => {
        const stored = await services.operations.get(look.operationId);
        if (stored?.record.target.endpointId === LOST_LOOKS) {
          dropped.push(look.look);
          return;
        }
        await services.looks.schedule(look);
      },
    },
  };
}

const receiver = useWebhookReceiver();
const get = useStandaloneHost({
  wrapServices: loseLooksOf,
  get settings() {
    return {
      POLLER_SCHEDULE: NEVER,
      POLLER_SWEEP_GRACE_SECONDS: '1',
      EVENT_WEBHOOKS: JSON.stringify([{ url: `${receiver().url}/events` }]),
    };
  },
});

/** The endpoint's status as the service itself says. */
async function endpointStatus(endpointId: string): Promise<string> {
  const response = await fetch(
    `${get().host.simulatorUrl ?? ''}/customvoice/endpoints/${endpointId}?api-version=2026-01-01`,
    { headers: { 'Ocp-Apim-Subscription-Key': 'simulator-key' } },
  );
  return ((await response.json()) as { status: string }).status;
}

const eventFor = (id: string) =>
  receiver().received.find((r) => (r.json as { subject?: string }).subject === id);

describe('looks delivered at their time', () => {
  it('announces a finished suspend without the poller timer ever running', async () => {
    const { admin } = get();
    await admin.putEndpoint(FRESH, { status: 'Succeeded', suspendSeconds: 8 });
    await admin.clearRequests();
    const operation = await submitCommand(get(), { action: 'suspend', target: endpointTarget(FRESH) });
    const event = await waitFor(() => eventFor(operation.id), { timeoutInMs: 60_000, what: 'the event' });
    expect((event.json as { type: string }).type).toBe('CognitiveOps.Operation.Succeeded');
    expect((await getOperation(get(), operation.id)).result).toMatchObject({ endpointStatus: 'Disabled' });

    // The first delivery of a fresh command has no earlier try to look for: the suspend is the first
    // call about this operation, with no look-up of an upstream operation before it.
    const calls = (await admin.requests()).filter(
      (r) => r.path.includes(FRESH) || r.operationId === operation.id || r.path.includes(operation.id),
    );
    const suspendAt = calls.findIndex((r) => r.method === 'POST' && r.path.endsWith(':suspend'));
    expect(suspendAt).toBeGreaterThanOrEqual(0);
    expect(calls.slice(0, suspendAt).filter((r) => r.path.includes('/operations/'))).toEqual([]);
  });

  it('still finishes an operation whose look messages are lost, found by the sweep', async () => {
    const { admin, host } = get();
    await admin.putEndpoint(LOST_LOOKS, { status: 'Succeeded', suspendSeconds: 4 });
    const operation = await submitCommand(get(), { action: 'suspend', target: endpointTarget(LOST_LOOKS) });
    // The service finishes; with its look message lost and no timer, nothing looks.
    await waitFor(async () => (await endpointStatus(LOST_LOOKS)) === 'Disabled' && dropped.length > 0, {
      what: 'the simulated suspend to end',
    });
    expect((await getOperation(get(), operation.id)).status).toBe('Running');

    // Each sweep run leaves a look a grace period to its message, then makes it itself.
    const done = await waitFor(
      async () => {
        await host.timers.trigger('pollOperations');
        const current = await getOperation(get(), operation.id);
        return current.status === 'Running' ? undefined : current;
      },
      { timeoutInMs: 60_000, intervalInMs: 500, what: 'the sweep to finish the operation' },
    );
    expect(done).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
    await waitFor(() => eventFor(operation.id), { what: 'the event' });
  });
});
