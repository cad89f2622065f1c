import { describe, expect, it } from 'vitest';
import { endpointTarget, finished, submitCommand } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';

/** Each command gets one try, so the first passing failure is the last one. */
const get = useStandaloneHost({ settings: { EXECUTOR_MAX_ATTEMPTS: '1' } });

const ENDPOINT = '5d6e7f8a-9b0c-4d1e-8f2a-4b5c6d7e8f9a';

describe('a suspend whose 202 was lost and whose retry met a 503, on its last try', () => {
  it('is followed to Succeeded, since the service did start it', async () => {
    const { admin } = get();
    await admin.putEndpoint(ENDPOINT, { status: 'Succeeded' });
    const path = `/customvoice/endpoints/${ENDPOINT}:suspend`;
    // The first POST is carried out but its 202 is lost (a 503 the client retries at once) ...
    await admin.addFault({
      method: 'POST',
      pathPrefix: path,
      status: 503,
      retryAfterSeconds: 0,
      count: 1,
      afterHandling: true,
    });
    // ... and the retry meets an outage that asks for longer than the executor waits inline.
    await admin.addFault({ method: 'POST', pathPrefix: path, status: 503, retryAfterSeconds: 60, count: 1 });
    await admin.clearRequests();

    const accepted = await submitCommand(get(), { action: 'suspend', target: endpointTarget(ENDPOINT) });
    const operation = await finished(get(), accepted.id);

    expect(operation).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
    const posts = (await admin.requests()).filter((r) => r.method === 'POST' && r.path === path);
    expect(posts.map((p) => p.status)).toEqual([503, 503]);
  });
});
