import { DASHBOARD_CSP, DASHBOARD_HTML } from '../dashboard/page.js';
import type { HttpFunctionDefinition } from './definition.js';

/**
 * `GET /api/dashboard`: the status page. A static document (no I/O here): its script reads the public
 * HTTP API from the browser, with the page's own `?code=` as the function key under Azure.
 */
export function dashboardFunction(): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'dashboard',
    methods: ['GET'],
    route: 'dashboard',
    handler: () =>
      Promise.resolve({
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': DASHBOARD_CSP,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        },
        body: DASHBOARD_HTML,
      }),
  };
}
