import type { TokenCredential } from '@azure/core-auth';
import type { BusClient } from '../bus/bus.js';
import { createBusFromEnv } from '../bus/create-bus.js';
import { loadChatOpsConfig } from '../chatops/config.js';
import { createAiResourceRegistry, parseAiResources, readAiClientOptions } from '../clients/registry.js';
import { parseEndpointAliases } from '../config/aliases.js';
import { readCoreSettings, readEventWebhooks } from '../config/core-settings.js';
import type { Env } from '../config/env.js';
import { TABLES } from '../config/names.js';
import { loopbackAllowedFromEnv, runsUnderFunctionsHost } from '../config/platform.js';
import { serviceBusConnectionFromEnv } from '../bus/service-bus-client.js';
import { missingServiceBusConnection } from '../bus/create-bus.js';
import { resolveTableStorageTarget } from '../storage/table-client-factory.js';
import { inheritFeatureProblem, readFeatureSetting, type FeatureProblems } from './features.js';
import type { LifecycleTimings } from '../domain/lifecycle.js';
import {
  createCommandQueue,
  createDeliveryQueue,
  createEventPublisher,
  createLookQueue,
} from '../pipeline/bus-adapters.js';
import { DEFAULT_POLLING_POLICY, scaledPolicy } from '../engine/next-look.js';
import { createTableDurationHistory } from '../storage/table-duration-history.js';
import { operationKinds } from '../kinds/index.js';
import { createDeadLetterInbox } from '../pipeline/dead-letters.js';
import { createSubmitCommand } from '../pipeline/submit-command.js';
import { createScheduleDeps, readScheduleSettings } from '../schedules/deps.js';
import { createTableScheduleStore } from '../schedules/table-schedule-store.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createTableServiceClientFromEnv, ensureTable } from '../storage/table-client-factory.js';
import { createTableOperationStore } from '../storage/table-operation-store.js';
import { traceBus } from '../telemetry/traced-bus.js';
import type { WebhookUrlPolicy } from '../webhooks/url-policy.js';
import type { AppServices } from './app-services.js';

/** How long a recorded command may wait for the executor before the poller sends it again. */
const RECOVERY_DELAY_IN_MS = 60_000;

export interface AppServiceOverrides {
  /** The standalone host passes its local bus; otherwise Service Bus from `ServiceBusConnection`. */
  bus?: BusClient;
  clock?: Clock;
  /** For Entra ID auth to AI resources; DefaultAzureCredential when absent. */
  credential?: TokenCredential;
}

/**
 * The one composition root: reads the settings once (failing fast with "X is required"), builds every
 * client once, and wires the use cases. Both hosts call it.
 */
export async function createAppServicesFromEnv(
  env: Env,
  overrides: AppServiceOverrides = {},
): Promise<AppServices> {
  requireCoreConnections(env);
  const webhookUrlPolicy: WebhookUrlPolicy = { allowLoopbackHttp: loopbackAllowedFromEnv(env) };
  const features: FeatureProblems = {};
  const settings = {
    ...readCoreSettings(env),
    eventWebhooks: readFeatureSetting(
      features,
      'eventWebhooks',
      () => readEventWebhooks(env, webhookUrlPolicy),
      [],
    ),
  };
  const clock = overrides.clock ?? systemClock;
  const timings: LifecycleTimings = {
    statusCheckIntervalInMs: settings.statusCheckIntervalInMs,
    recoveryDelayInMs: RECOVERY_DELAY_IN_MS,
    operationTimeoutInMs: settings.operationTimeoutInMs,
  };

  const tables = createTableServiceClientFromEnv(env);
  const operationsTable = tables.table(TABLES.operations);
  const schedulesTable = tables.table(TABLES.schedules);
  const durationsTable = tables.table(TABLES.durations);
  await Promise.all([ensureTable(operationsTable), ensureTable(schedulesTable), ensureTable(durationsTable)]);
  const operations = createTableOperationStore(operationsTable);

  // Every message the app sends carries the trace context of the step that sent it.
  const bus = traceBus(overrides.bus ?? createBusFromEnv(env).bus);
  const commandsSender = bus.createSender(settings.commandsQueue);
  const commands = createCommandQueue(commandsSender);
  const looks = createLookQueue(commandsSender);
  const polling = scaledPolicy(
    { ...DEFAULT_POLLING_POLICY, intervalInMs: settings.statusCheckIntervalInMs },
    settings.pollingTimeScale,
  );
  const events = createEventPublisher(bus.createSender(settings.eventsTopic));
  const deliveries = createDeliveryQueue(bus.createSender(settings.deliveriesQueue));

  const ai = createAiResourceRegistry(parseAiResources(env), {
    ...readAiClientOptions(env),
    ...(overrides.credential ? { credential: overrides.credential } : {}),
  });
  const submit = createSubmitCommand({
    operations,
    commands,
    clock,
    timings,
    resourceNames: () => ai.names(),
    targetKeyOf: (target, action) => operationKinds.targetKeyOf(target, action),
    checkTarget: (target) =>
      operationKinds.checkTarget(target, {
        endpoint: ai.forResource(target.resource).endpoint,
        allowLoopbackHttp: webhookUrlPolicy.allowLoopbackHttp,
      }),
  });
  const aliases = readFeatureSetting(features, 'endpointAliases', () => parseEndpointAliases(env), {});
  const chatOpsConfig = readFeatureSetting(
    features,
    'chatOps',
    () => loadChatOpsConfig(env, webhookUrlPolicy),
    { permissions: {} },
  );
  // Chat commands name endpoints by alias: without the aliases, chat-ops is off too.
  inheritFeatureProblem(features, 'chatOps', 'endpointAliases');

  return {
    settings,
    webhookUrlPolicy,
    clock,
    timings,
    operations,
    commands,
    looks,
    durations: createTableDurationHistory(durationsTable),
    polling,
    events,
    deliveries,
    deadLetters: createDeadLetterInbox(bus, {
      commands: settings.commandsQueue,
      deliveries: settings.deliveriesQueue,
    }),
    ai,
    kinds: operationKinds,
    aliases,
    submit,
    features,
    health: {
      storage: () => operations.ping(),
      bus: () => bus.ping(settings.commandsQueue),
    },
    schedules: createScheduleDeps(
      { submit, operations, clock, aliases, ai, aliasesUnavailable: features.endpointAliases !== undefined },
      createTableScheduleStore(schedulesTable),
      readScheduleSettings(env),
    ),
    chatOps: {
      config: chatOpsConfig,
      aliases,
      submit,
      operations,
      clock,
      webhookUrlPolicy,
      publicBaseUrl: settings.publicBaseUrl,
    },
  };
}

/**
 * Under the Functions host the app needs its own storage and Service Bus: checked before anything is
 * built, so that no command is recorded or accepted without a bus to carry it. Elsewhere (`npm start`)
 * the standalone host provides local ones.
 */
function requireCoreConnections(env: Env): void {
  if (!runsUnderFunctionsHost(env)) return;
  resolveTableStorageTarget(env);
  if (!serviceBusConnectionFromEnv(env)) throw missingServiceBusConnection();
}
