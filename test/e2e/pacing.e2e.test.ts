import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { busiestWindow } from '../harness/busiest-window.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';

const RATE = 5;
const simulator = useSimulator({ timeScale: 4 });

const get = useStandaloneHost({
  get env() {
    return {
      AI_RESOURCES: JSON.stringify({
        simulator: { endpoint: simulator.url(), auth: 'key', maxRequestsPerSecond: RATE },
      }),
      AI_KEY_SIMULATOR: 'simulator-key',
    };
  },
  // One try per command: a wait for the budget must not count as a failed try.
  settings: { EXECUTOR_MAX_ATTEMPTS: '1' },
});

describe('AI_RESOURCES maxRequestsPerSecond', () => {
  it('paces a burst of commands to the resource at its budget, and every one still succeeds at its first try', async () => {
    const admin = simulator.admin();
    const endpointIds = Array.from({ length: 12 }, () => randomUUID());
    for (const endpointId of endpointIds) await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    await admin.clearRequests();

    const ids = await Promise.all(
      endpointIds.map(async (endpointId) => {
        const response = await get().api(
          '/api/commands',
          postJson({
            action: 'suspend',
            target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId },
          }),
        );
        expect(response.status).toBe(202);
        return response.headers.get('operation-id')!;
      }),
    );
    const statuses = await Promise.all(
      ids.map((id) =>
        waitFor(
          async () => {
            const { status } = (await (await get().api(`/api/operations/${id}`)).json()) as {
              status: string;
            };
            return ['Succeeded', 'Failed', 'Canceled'].includes(status) ? status : undefined;
          },
          { timeoutInMs: 90_000, what: `operation ${id}` },
        ),
      ),
    );
    expect(statuses).toEqual(ids.map(() => 'Succeeded'));

    const times = (await admin.requests()).map((request) => Date.parse(request.time));
    // Four calls or more per suspend; unpaced they all go within a second or two.
    expect(times.length).toBeGreaterThanOrEqual(48);
    // At most the bucket (one second's worth) plus what refills meanwhile, with room for timer jitter.
    expect(busiestWindow(times, 1_000)).toBeLessThanOrEqual(2 * RATE + 2);
    expect(busiestWindow(times, 5_000)).toBeLessThanOrEqual(RATE + 5 * RATE + 3);
  });
});
