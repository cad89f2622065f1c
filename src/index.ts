/**
 * Entry point for the Azure Functions host (`package.json` `main`). Registration is synchronous and
 * free of I/O; the services are built on the first invocation and then reused by the process.
 */
import { app } from '@azure/functions';
import { createAppServicesFromEnv } from './composition/create-app-services.js';
import { createFunctionDefinitions } from './functions/all-functions.js';
import { registerWithAzure } from './functions/register-azure.js';
import { memoizeAsync } from './shared/memoize.js';

app.setup({ enableHttpStream: false });

const getServices = memoizeAsync(() => createAppServicesFromEnv(process.env));
registerWithAzure(app, createFunctionDefinitions(getServices), process.env);
