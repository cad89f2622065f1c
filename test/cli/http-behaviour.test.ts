import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubServer, type StubServer } from '../clients/stub-server.js';
import { runCli } from './run-cli.js';

/**
 * What the CLI does with answers the real app gives only rarely (a 401, throttling, a proxy's HTML error,
 * nobody listening), against a stub server that records every request it gets.
 */

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());

const KEY = 'k3y-that-must-never-be-printed';

const operation = (status: string) => ({
  id: 'op-1',
  status,
  action: 'status-check',
  target: { kind: 'face-operation', resource: 'r', operationId: 'x' },
  createdDateTime: new Date().toISOString(),
  lastActionDateTime: new Date().toISOString(),
});

describe('the function key', () => {
  it('is sent as x-functions-key, from --key, COGOPS_KEY or a ?code= in the URL, and never printed, not even on an error', async () => {
    stub.answer((_request, response) =>
      response
        .writeHead(401, { 'content-type': 'application/json', 'x-ms-error-code': 'Unauthorized' })
        .end(
          JSON.stringify({ error: { code: 'Unauthorized', message: 'A valid function key is required.' } }),
        ),
    );
    stub.received.length = 0;
    const byOption = await runCli(['get', 'op-1', '--key', KEY, '--url', stub.url]);
    const byEnv = await runCli(['get', 'op-1', '--json'], { env: { COGOPS_URL: stub.url, COGOPS_KEY: KEY } });
    const byUrl = await runCli(['get', 'op-1', '--url', `${stub.url}/api?code=${KEY}`]);
    for (const result of [byOption, byEnv, byUrl]) {
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('401 Unauthorized: A valid function key is required.');
      expect(result.stdout + result.stderr).not.toContain(KEY);
    }
    expect(stub.received.map((r) => [r.headers['x-functions-key'], r.url])).toEqual([
      [KEY, '/api/operations/op-1'],
      [KEY, '/api/operations/op-1'],
      [KEY, '/api/operations/op-1'],
    ]);
  });

  it('a ?code= in the URL is not repeated when the app cannot be reached', async () => {
    const closed = await startStubServer();
    await closed.close();
    const result = await runCli(['get', 'op-1', '--url', `${closed.url}/api?code=${KEY}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Cannot reach cognitive-ops at ${closed.url}/api/operations/op-1`);
    expect(result.stderr).not.toContain(KEY);
  });
});

describe('wait', () => {
  it('looks again after each Retry-After, rides out a 503, and exits 0 on Succeeded', async () => {
    const answers = [
      () => [200, { 'retry-after': '1' }, operation('NotStarted')] as const,
      () =>
        [
          503,
          { 'retry-after': '1' },
          { error: { code: 'ServiceUnavailable', message: 'Restarting.' } },
        ] as const,
      () => [200, { 'retry-after': '1' }, operation('Running')] as const,
      () => [200, {}, operation('Succeeded')] as const,
    ];
    stub.received.length = 0;
    const at: number[] = [];
    stub.answer((_request, response) => {
      at.push(Date.now());
      const [status, headers, body] = (answers[at.length - 1] ?? answers[3]!)();
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    });
    const result = await runCli(['wait', 'op-1', '--url', stub.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Operation op-1: Succeeded$/m);
    expect(stub.received).toHaveLength(4);
    // Never sooner than the service asked (a lower bound only: a loaded machine may be slower).
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(900);
    expect(result.stderr).toContain('Waiting for operation op-1: NotStarted');
    expect(result.stderr).toContain('Waiting for operation op-1: Running');
  });

  it('exits 1 on Canceled', async () => {
    stub.answer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(operation('Canceled'))),
    );
    const result = await runCli(['wait', 'op-1', '--url', stub.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Operation op-1: Canceled$/m);
  });
});

it('an error body that is not Azure-shaped is still shown with its status', async () => {
  stub.answer((_request, response) =>
    response.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway'),
  );
  const result = await runCli(['list', '--url', stub.url]);
  expect(result.code).toBe(3);
  expect(result.stderr).toContain('502 Http502: Bad gateway');
});
