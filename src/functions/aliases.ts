import type { GetServices } from '../composition/app-services.js';
import { withApiErrors } from '../http/handle-errors.js';
import type { HttpFunctionDefinition } from './definition.js';

/**
 * `GET /api/aliases`: the endpoint aliases of `ENDPOINT_ALIASES`, so clients that only speak the HTTP API
 * (the `cogops` CLI, the status page) name endpoints the way chat-ops and schedules do, from one setting.
 */
export function listAliasesFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'listAliases',
    methods: ['GET'],
    route: 'aliases',
    handler: withApiErrors(async () => {
      const { aliases } = await getServices();
      const value = Object.entries(aliases)
        .map(([name, alias]) => ({ name, resource: alias.resource, endpointId: alias.endpointId }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { status: 200, headers: { 'content-type': 'application/json' }, jsonBody: { value } };
    }),
  };
}
