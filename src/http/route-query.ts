import type { HttpRequest } from '@azure/functions';

/**
 * Query parameters the platform itself reads on any route, whatever the route's own parameters are: `code`
 * carries a function key under the Functions host (which passes it on to the handler). ASP.NET Core reads
 * the query case-insensitively, so `Code=` counts too.
 */
export const HOST_QUERY_PARAMETERS: readonly string[] = ['code'];

/** The request's query as a plain object, without the host's own parameters, for a route's strict schema. */
export function routeQuery(request: HttpRequest): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of request.query.entries()) {
    if (!HOST_QUERY_PARAMETERS.includes(name.toLowerCase())) query[name] = value;
  }
  return query;
}
