import { createChatOpsFunctions } from './chatops.js';
import type { GetServices } from '../composition/app-services.js';
import { createScheduleFunctions } from './schedules.js';
import { requireFeature } from '../composition/features.js';
import { commandsFunction } from './commands.js';
import type { FunctionDefinition } from './definition.js';
import { eventLogFunction, eventWebhooksFunction } from './event-subscribers.js';
import { executorFunction } from './executor.js';
import { deliveriesFunction } from './deliveries.js';
import { listDeadLettersFunction, replayDeadLetterFunction } from './dead-letters.js';
import { listAliasesFunction } from './aliases.js';
import { dashboardFunction } from './dashboard.js';
import { healthFunction } from './health.js';
import { openApiFunction } from './openapi.js';
import { getOperationFunction, listOperationsFunction } from './operations.js';
import { pollerFunction, retentionFunction } from './poller.js';
import { instrumentFunctions } from '../telemetry/instrument-functions.js';

/** Every function of the app, once. Both hosts read this list; adding a function means adding it here. */
export function createFunctionDefinitions(getServices: GetServices): FunctionDefinition[] {
  return instrumentFunctions([
    commandsFunction(getServices),
    getOperationFunction(getServices),
    listOperationsFunction(getServices),
    listAliasesFunction(getServices),
    dashboardFunction(),
    healthFunction(getServices),
    openApiFunction(),
    executorFunction(getServices),
    pollerFunction(getServices),
    retentionFunction(getServices),
    eventWebhooksFunction(getServices),
    deliveriesFunction(getServices),
    listDeadLettersFunction(getServices),
    replayDeadLetterFunction(getServices),
    eventLogFunction(),
    ...createScheduleFunctions(async () => (await getServices()).schedules),
    ...createChatOpsFunctions(
      async () => {
        const services = await getServices();
        requireFeature(services.features, 'chatOps');
        return services.chatOps;
      },
      // Notices of commands accepted earlier still go out while the chat routes are off.
      async () => (await getServices()).chatOps,
    ),
  ]);
}
