import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { finished } from '../harness/operation-client.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';

const get = useStandaloneHost();

interface OverrideChange {
  id: string;
  hold: string;
  operations?: Array<{ id: string; action: string }>;
}

describe('two overrides on one endpoint', () => {
  it('the newer replaces the older: only it is active, and the endpoint ends as it holds', async () => {
    const { admin } = get();
    const api = (path: string, init?: RequestInit) => get().api(path, init);
    const endpointId = randomUUID();
    await admin.putEndpoint(endpointId, { status: 'Succeeded' });
    const put = await api('/api/schedules/override-clash', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        targets: [{ resource: 'simulator', endpointId }],
        timeZone: 'UTC',
        suspendAt: '0 0 3 1 1 *',
        resumeAt: '0 0 4 1 1 *',
      }),
    });
    expect(put.status).toBe(201);

    const hold = async (state: 'suspended' | 'running', hours: number): Promise<OverrideChange> => {
      const until = new Date(Date.now() + hours * 3_600_000).toISOString();
      const response = await api('/api/schedules/override-clash/overrides', postJson({ until, hold: state }));
      expect(response.status).toBe(201);
      return (await response.json()) as OverrideChange;
    };
    const older = await hold('suspended', 2);
    const newer = await hold('running', 1);

    const active = (await (await api('/api/schedules/override-clash/overrides')).json()) as {
      value: Array<{ id: string; hold: string }>;
    };
    expect(active.value.map((o) => o.id)).toEqual([newer.id]);
    expect(active.value.map((o) => o.id)).not.toContain(older.id);

    // Each override's command ran, in order: the endpoint is running, as the newer override holds it.
    const operations = (await (await api('/api/operations?kind=customvoice-endpoint&top=100')).json()) as {
      value: Array<{ id: string; action: string; target: { endpointId: string } }>;
    };
    const mine = operations.value.filter((o) => o.target.endpointId === endpointId);
    const ended = await Promise.all(mine.map((o) => finished(get(), o.id)));
    expect(ended.map((o) => o.status)).toEqual(mine.map(() => 'Succeeded'));
    const transitions = (await admin.requests())
      .filter((r) => r.method === 'POST' && r.path.startsWith(`/customvoice/endpoints/${endpointId}:`))
      .map((r) => r.path.slice(r.path.lastIndexOf(':') + 1));
    expect(transitions).toEqual(['suspend', 'resume']);
  });
});
