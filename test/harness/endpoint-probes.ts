import type { SimulatorAdmin, SimulatorRequest } from '../../src/simulator/admin-client.js';

/**
 * Read-only looks at what happened to one custom voice endpoint, from the outside: the simulator as a
 * client of the service sees it, the app's public operations API, and the simulator's request log.
 */

/** The operation resource as the public API shows it (only the fields the end-to-end tests read). */
export interface ApiOperation {
  id: string;
  status: string;
  action: string;
  target: { kind: string; resource?: string; endpointId?: string };
  createdDateTime: string;
  upstream?: { operationId?: string; status?: string };
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** The endpoint's status as a client of the custom voice API reads it (`Succeeded`, `Disabled`, ...). */
export async function simulatorEndpointStatus(simulatorUrl: string, endpointId: string): Promise<string> {
  const response = await fetch(`${simulatorUrl}/customvoice/endpoints/${endpointId}?api-version=2026-01-01`, {
    headers: { 'Ocp-Apim-Subscription-Key': 'simulator-key' },
  });
  if (response.status !== 200) {
    throw new Error(`GET endpoint ${endpointId} answered ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { status?: unknown };
  return String(body.status);
}

/** Every operation `GET /api/operations` lists for this endpoint, following `nextLink` to the end. */
export async function operationsForEndpoint(appUrl: string, endpointId: string): Promise<ApiOperation[]> {
  const found: ApiOperation[] = [];
  let response = await fetch(`${appUrl}/api/operations?kind=customvoice-endpoint&top=1000`);
  for (;;) {
    if (response.status !== 200) throw new Error(`GET /api/operations answered ${response.status}`);
    const page = (await response.json()) as { value: ApiOperation[]; nextLink?: string };
    found.push(...page.value.filter((o) => o.target.endpointId?.toLowerCase() === endpointId.toLowerCase()));
    if (!page.nextLink) return found;
    response = await fetch(page.nextLink);
  }
}

/** The upstream `POST /customvoice/endpoints/{id}:{verb}` calls the simulator recorded for this endpoint. */
export async function upstreamCalls(
  admin: SimulatorAdmin,
  endpointId: string,
  verb: 'suspend' | 'resume',
): Promise<SimulatorRequest[]> {
  return (await admin.requests()).filter(
    (r) =>
      r.method === 'POST' && r.path.toLowerCase().endsWith(`/customvoice/endpoints/${endpointId}:${verb}`),
  );
}
