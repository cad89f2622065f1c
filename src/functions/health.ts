import type { GetServices } from '../composition/app-services.js';
import { FEATURE_TITLES, type FeatureName } from '../composition/features.js';
import { ConfigurationError } from '../config/env.js';
import type { HttpFunctionDefinition } from './definition.js';

interface FeatureHealth {
  status: 'Degraded';
  /** The settings to fix, never their values. */
  settings: string[];
}

/**
 * `GET /api/health`: 200 when storage and the bus answer, 503 naming what does not. A core setting that
 * keeps the services from being built is a 503 naming the setting; an optional feature switched off by
 * its setting is listed under `features` and leaves the answer 200 (`status: "Degraded"`).
 */
export function healthFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'health',
    methods: ['GET'],
    route: 'health',
    // Anonymous so platform probes can call it; it reveals only whether storage and the bus answer, and
    // the names of settings to fix.
    authLevel: 'anonymous',
    handler: async (_request, context) => {
      const checks: Record<string, string> = {};
      const features: Partial<Record<FeatureName, FeatureHealth>> = {};
      const errors: Array<{ code: string; target: string; message: string }> = [];
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
        for (const [name, problem] of Object.entries(services.features) as Array<
          [FeatureName, NonNullable<(typeof services.features)[FeatureName]>]
        >) {
          features[name] = { status: 'Degraded', settings: problem.settings };
          context.warn(`${FEATURE_TITLES[name]} is off: ${problem.details.join(' ')}`);
        }
      } catch (error) {
        healthy = false;
        checks.configuration = 'Unhealthy';
        if (error instanceof ConfigurationError) {
          // ConfigurationError messages name the setting and never quote its value.
          errors.push({ code: 'ServiceNotConfigured', target: error.setting, message: error.message });
        }
        context.error(
          `Services could not be built: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const degraded = Object.keys(features).length > 0;
      return {
        status: healthy ? 200 : 503,
        headers: { 'content-type': 'application/json' },
        jsonBody: {
          status: healthy ? (degraded ? 'Degraded' : 'Healthy') : 'Unhealthy',
          checks,
          ...(degraded ? { features } : {}),
          ...(errors.length > 0 ? { errors } : {}),
        },
      };
    },
  };
}
