import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointTarget, finished, submitCommand } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';

const get = useStandaloneHost();

/** The transition POSTs the simulator saw for one endpoint, in order, as `verb` names. */
async function transitionsOf(endpointId: string): Promise<string[]> {
  return (await get().admin.requests())
    .filter((r) => r.method === 'POST' && r.path.startsWith(`/customvoice/endpoints/${endpointId}:`))
    .map((r) => r.path.slice(r.path.lastIndexOf(':') + 1));
}

describe('conflicting commands on one endpoint', () => {
  it('suspend then resume sent together: both Succeeded, one suspend then one resume upstream', async () => {
    const { admin } = get();
    const endpointId = randomUUID();
    await admin.putEndpoint(endpointId, { status: 'Succeeded', suspendSeconds: 4 });
    const suspend = await submitCommand(get(), { action: 'suspend', target: endpointTarget(endpointId) });
    const resume = await submitCommand(get(), { action: 'resume', target: endpointTarget(endpointId) });

    const [suspended, resumed] = await Promise.all([finished(get(), suspend.id), finished(get(), resume.id)]);
    expect(suspended).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
    expect(resumed).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Succeeded' } });
    expect(resumed.result).not.toHaveProperty('alreadyInDesiredState');
    expect(await transitionsOf(endpointId)).toEqual(['suspend', 'resume']);
    // The resume started upstream only once the suspend was over.
    expect(Date.parse(resumed.createdDateTime)).toBeGreaterThanOrEqual(Date.parse(suspended.createdDateTime));
    const posts = (await admin.requests()).filter((r) =>
      r.path.startsWith(`/customvoice/endpoints/${endpointId}:`),
    );
    expect(Date.parse(posts[1]!.time)).toBeGreaterThanOrEqual(Date.parse(suspended.lastActionDateTime));
  });

  it('runs several commands on one endpoint in the order they were accepted', async () => {
    const { admin } = get();
    const endpointId = randomUUID();
    await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    const actions = ['suspend', 'resume', 'suspend'] as const;
    const accepted = [];
    for (const action of actions)
      accepted.push(await submitCommand(get(), { action, target: endpointTarget(endpointId) }));
    const operations = await Promise.all(accepted.map((operation) => finished(get(), operation.id)));
    expect(operations.map((o) => o.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(await transitionsOf(endpointId)).toEqual([...actions]);
    expect(operations.at(-1)?.result).toMatchObject({ endpointStatus: 'Disabled' });
  });

  it('does not hold up commands on other endpoints', async () => {
    const { admin } = get();
    const [busy, other] = [randomUUID(), randomUUID()];
    await admin.putEndpoint(busy, { status: 'Succeeded', suspendSeconds: 8 });
    await admin.putEndpoint(other, { status: 'Succeeded' });
    const first = await submitCommand(get(), { action: 'suspend', target: endpointTarget(busy) });
    const waiting = await submitCommand(get(), { action: 'resume', target: endpointTarget(busy) });
    const elsewhere = await submitCommand(get(), { action: 'suspend', target: endpointTarget(other) });
    const done = await finished(get(), elsewhere.id);
    expect(done.status).toBe('Succeeded');
    const [firstDone, waitingDone] = await Promise.all([
      finished(get(), first.id),
      finished(get(), waiting.id),
    ]);
    expect(Date.parse(done.lastActionDateTime)).toBeLessThan(Date.parse(firstDone.lastActionDateTime));
    expect(waitingDone.status).toBe('Succeeded');
  });
});
