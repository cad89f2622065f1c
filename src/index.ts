/**
 * Entry point for the Azure Functions host (`package.json` `main`). Registration is synchronous and
 * free of I/O; the services are built on the first invocation and then reused by the process.
 *
 * A Flex Consumption instance pays this module's import time on every scale-out before the host can
 * index a single function, so it imports only `@azure/functions` and the registration facts
 * (`FUNCTION_MANIFEST`). The handlers, and with them zod, the Azure SDKs and the composition root, are
 * imported on the first invocation. `npm run bench` measures the import against a hello-world app.
 */
import { app } from '@azure/functions';
import type { AppServices } from './composition/app-services.js';
import { lazyDefinitions } from './functions/lazy-definitions.js';
import { FUNCTION_MANIFEST } from './functions/manifest.js';
import { registerWithAzure } from './functions/register-azure.js';
import { memoizeAsync } from './shared/memoize.js';
import { startTelemetryFromEnv } from './telemetry/start-telemetry.js';

// Before the first invocation, so its spans are exported; loads no SDK when no exporter is configured.
await startTelemetryFromEnv(process.env);

app.setup({ enableHttpStream: false });

const getServices = memoizeAsync(async (): Promise<AppServices> => {
  const { createAppServicesFromEnv } = await import('./composition/create-app-services.js');
  return createAppServicesFromEnv(process.env);
});
const loadDefinitions = async () => {
  const { createFunctionDefinitions } = await import('./functions/all-functions.js');
  return createFunctionDefinitions(getServices);
};
registerWithAzure(app, lazyDefinitions(FUNCTION_MANIFEST, loadDefinitions), process.env);
