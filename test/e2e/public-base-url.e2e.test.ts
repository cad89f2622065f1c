import { describe, expect, it } from 'vitest';
import { rawRequest } from '../harness/raw-http.js';
import { useStandaloneHost } from '../harness/standalone.js';

/**
 * Issue 10: `Operation-Location` (and `nextLink`) come from the configured public base URL, never from
 * the request's `Host` header, e.g. when the app is reached through a gateway with its own host name.
 */

const PUBLIC_BASE_URL = 'https://ops.contoso.example/voice';

const get = useStandaloneHost({ settings: { PUBLIC_BASE_URL: `${PUBLIC_BASE_URL}/` } });

const faceStatusCheck = JSON.stringify({
  action: 'status-check',
  target: {
    kind: 'face-operation',
    resource: 'simulator',
    operationId: 'a63a3bdd-a1db-4d05-87b8-dbad6850062a',
  },
});

describe('PUBLIC_BASE_URL', () => {
  it('is the base of Operation-Location, whatever Host the request carried', async () => {
    for (const host of ['evil.example', new URL(get().host.url).host]) {
      const response = await rawRequest(
        get().host.url,
        'POST',
        '/api/commands',
        { Host: host, 'Content-Type': 'application/json' },
        faceStatusCheck,
      );
      expect(response.status, response.body).toBe(202);
      const id = response.headers['operation-id'];
      expect(response.headers['operation-location']).toBe(`${PUBLIC_BASE_URL}/api/operations/${id}`);
    }
  });

  it('is the base of nextLink', async () => {
    const response = await rawRequest(get().host.url, 'GET', '/api/operations?top=1&code=abc', {
      Host: 'evil.example',
    });
    expect(response.status, response.body).toBe(200);
    const page = JSON.parse(response.body) as { nextLink?: string };
    expect(page.nextLink).toBeDefined();
    expect(page.nextLink!.startsWith(`${PUBLIC_BASE_URL}/api/operations?`)).toBe(true);
    expect(new URL(page.nextLink!).searchParams.get('top')).toBe('1');
  });
});
