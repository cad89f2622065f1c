import { expect } from 'vitest';
import { postJson, type TestHost } from './standalone.js';
import { waitFor } from './wait-for.js';

/** The operation resource as the HTTP API shows it. */
export interface Operation {
  id: string;
  status: string;
  action: string;
  target: Record<string, unknown>;
  createdDateTime: string;
  lastActionDateTime: string;
  upstream?: { operationId?: string; operationLocation?: string; status?: string };
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

const TERMINAL = ['Succeeded', 'Failed', 'Canceled'];

export const endpointTarget = (endpointId: string, resource = 'simulator') => ({
  kind: 'customvoice-endpoint',
  resource,
  endpointId,
});

/** POSTs a command, expects 202, and returns the operation it answered with. */
export async function submitCommand(host: TestHost, body: unknown): Promise<Operation> {
  const response = await host.api('/api/commands', postJson(body));
  expect(response.status, await response.clone().text()).toBe(202);
  const operation = (await response.json()) as Operation;
  expect(response.headers.get('operation-id')).toBe(operation.id);
  return operation;
}

export async function getOperation(host: TestHost, id: string): Promise<Operation> {
  const response = await host.api(`/api/operations/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Operation;
}

/** Polls the status monitor until the operation is terminal. */
export function finished(host: TestHost, id: string): Promise<Operation> {
  return waitFor(
    async () => {
      const operation = await getOperation(host, id);
      return TERMINAL.includes(operation.status) ? operation : undefined;
    },
    { timeoutInMs: 45_000, what: `operation ${id} to finish` },
  );
}

/** Every operation `GET /api/operations?<query>` lists, following nextLink. */
export async function listAll(host: TestHost, query: string): Promise<Operation[]> {
  const all: Operation[] = [];
  let next: string | undefined = `${host.host.url}/api/operations?${query}`;
  while (next) {
    const response = await fetch(next);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { value: Operation[]; nextLink?: string };
    all.push(...page.value);
    next = page.nextLink;
  }
  return all;
}
