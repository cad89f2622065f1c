import { openApiDocumentText } from '../http/openapi/document.js';
import type { HttpFunctionDefinition } from './definition.js';

/** Built on the first request, then the same bytes every time (the document depends on no setting). */
let documentText: string | undefined;

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of the HTTP API (the same as `docs/openapi.json`).
 * Anonymous, like the document in the repository: it describes the API and reveals no setting.
 */
export function openApiFunction(): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'openApiDocument',
    methods: ['GET'],
    route: 'openapi.json',
    authLevel: 'anonymous',
    handler: () =>
      Promise.resolve({
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
        body: (documentText ??= openApiDocumentText()),
      }),
  };
}
