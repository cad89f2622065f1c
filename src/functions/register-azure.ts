import type { app as azureApp } from '@azure/functions';
import type { Env } from '../config/env.js';
import { SERVICE_BUS_CONNECTION, type FunctionDefinition } from './definition.js';

/**
 * Hands each definition to the Azure Functions host. Queue, topic and schedule names are read from the
 * app settings here, at start-up, so a missing setting falls back to the documented default instead of
 * failing the function index as an unresolved `%SETTING%` would.
 */
export function registerWithAzure(app: typeof azureApp, definitions: FunctionDefinition[], env: Env): void {
  const setting = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  for (const definition of definitions) {
    switch (definition.kind) {
      case 'http':
        app.http(definition.name, {
          methods: definition.methods,
          route: definition.route,
          authLevel: definition.authLevel ?? 'function',
          handler: definition.handler,
        });
        break;
      case 'timer':
        app.timer(definition.name, {
          schedule: setting(definition.scheduleSetting, definition.defaultSchedule),
          handler: definition.handler,
        });
        break;
      case 'serviceBusQueue':
        app.serviceBusQueue(definition.name, {
          connection: SERVICE_BUS_CONNECTION,
          queueName: setting(definition.queueSetting, definition.defaultQueue),
          handler: definition.handler,
        });
        break;
      case 'serviceBusTopic':
        app.serviceBusTopic(definition.name, {
          connection: SERVICE_BUS_CONNECTION,
          topicName: setting(definition.topicSetting, definition.defaultTopic),
          subscriptionName: definition.subscription,
          handler: definition.handler,
        });
        break;
    }
  }
}
