import { describe, expect, it } from 'vitest';
import { rawRequest, sendRaw } from '../harness/raw-http.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';

/**
 * Issue 10: routes are matched as the Functions host matches them (host-added `code` accepted,
 * case-insensitive), on the raw path (dot segments refused, never resolved into another route), and the
 * host's own refusals keep the Azure error shape.
 */

const get = useStandaloneHost();

const schedule = {
  targets: [{ alias: 'jessica' }],
  timeZone: 'Europe/Berlin',
  suspendAt: '0 19 * * 1-5',
  resumeAt: '0 7 * * 1-5',
};

async function putSchedule(name: string): Promise<void> {
  const response = await get().api(`/api/schedules/${name}`, { ...postJson(schedule), method: 'PUT' });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

function expectAzureError(response: { status: number; headers: Record<string, string>; body: string }) {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const code = response.headers['x-ms-error-code'];
  expect(code).toBeTruthy();
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('host-added query parameters', () => {
  it('accepts ?code= on the operations list', async () => {
    const response = await get().api('/api/operations?code=abc');
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('accepts ?code= next to a real parameter on a schedule report', async () => {
    await putSchedule('report-code');
    const response = await get().api('/api/schedules/report-code/report?days=30&code=abc');
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('still refuses a parameter the route does not know', async () => {
    const response = await get().api('/api/operations?colour=red&code=abc');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-ms-error-code')).toBe('UnknownField');
  });
});

describe('route matching', () => {
  it('matches routes case-insensitively, as the Functions host does', async () => {
    expect((await get().api('/api/Operations')).status).toBe(200);
    expect((await get().api('/API/HEALTH')).status).toBe(200);
    await putSchedule('case-test');
    expect((await get().api('/api/Schedules/case-test')).status).toBe(200);
  });

  it.each(['%2e%2e', '%2E%2E', '..', '.%2e', '.'])(
    'DELETE /api/schedules/office/overrides/%s is refused and deletes nothing',
    async (segment) => {
      await putSchedule('office');
      const response = await rawRequest(
        get().host.url,
        'DELETE',
        `/api/schedules/office/overrides/${segment}`,
      );
      expect(response.status).toBe(400);
      expectAzureError(response);
      expect((await get().api('/api/schedules/office')).status).toBe(200);
    },
  );

  it('refuses a dot segment anywhere in the path rather than resolving it', async () => {
    await putSchedule('office2');
    const response = await rawRequest(get().host.url, 'DELETE', '/api/schedules/office2/x/%2e%2e/%2e%2e');
    expect(response.status).toBe(400);
    expectAzureError(response);
    expect((await get().api('/api/schedules/office2')).status).toBe(200);
  });
});

describe('Operation-Location', () => {
  it('is on the host itself, whatever Host header the request carried', async () => {
    const body = JSON.stringify({
      action: 'status-check',
      target: {
        kind: 'face-operation',
        resource: 'simulator',
        operationId: 'a63a3bdd-a1db-4d05-87b8-dbad6850062a',
      },
    });
    const response = await rawRequest(
      get().host.url,
      'POST',
      '/api/commands',
      { Host: 'evil.example', 'Content-Type': 'application/json' },
      body,
    );
    expect(response.status, response.body).toBe(202);
    const location = response.headers['operation-location'] ?? '';
    expect(new URL(location).origin).toBe(get().host.url);
    expect(location).not.toContain('evil.example');
  });
});

describe("the HTTP parser's refusals", () => {
  it('answers a malformed request line in the Azure error shape', async () => {
    const response = await sendRaw(get().host.url, 'GET /api/health HTTP/1.1 extra\r\nHost: x\r\n\r\n');
    expect(response.status).toBe(400);
    expectAzureError(response);
  });

  it('answers oversize headers with 431 in the Azure error shape', async () => {
    const response = await rawRequest(get().host.url, 'GET', '/api/health', { 'X-Big': 'a'.repeat(20_000) });
    expect(response.status).toBe(431);
    expectAzureError(response);
  });
});
