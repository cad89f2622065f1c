import type { GetServices } from '../composition/app-services.js';
import type { HttpFunctionDefinition } from './definition.js';

/** `GET /api/health`: 200 when storage and the bus answer, 503 naming what does not. */
export function healthFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'health',
    methods: ['GET'],
    route: 'health',
    // Anonymous so platform probes can call it; it reveals only whether storage and the bus answer.
    authLevel: 'anonymous',
    handler: async (_request, context) => {
      const checks: Record<string, string> = {};
      let healthy = true;
      try {
        const services = await getServices();
        for (const [name, check] of Object.entries(services.health)) {
          try {
            await check();
            checks[name] = 'Healthy';
          } catch (error) {
            healthy = false;
            checks[name] = 'Unhealthy';
            context.warn(
              `Health check '${name}' failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
      } catch (error) {
        healthy = false;
        checks.configuration = 'Unhealthy';
        context.error(
          `Services could not be built: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return {
        status: healthy ? 200 : 503,
        headers: { 'content-type': 'application/json' },
        jsonBody: { status: healthy ? 'Healthy' : 'Unhealthy', checks },
      };
    },
  };
}
