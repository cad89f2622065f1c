import type { FunctionRegistration } from './lazy-definitions.js';

/**
 * Every function's registration facts, so the Azure entry point can index them all without importing
 * their handlers (and with them zod, the Azure SDKs and the rest of the app). `all-functions.ts` stays
 * the one source of truth: a test fails, printing the list to paste here, when the two differ.
 */
export const FUNCTION_MANIFEST: readonly FunctionRegistration[] = [
  { kind: 'http', name: 'submitCommand', methods: ['POST'], route: 'commands' },
  { kind: 'http', name: 'getOperation', methods: ['GET'], route: 'operations/{id}' },
  { kind: 'http', name: 'listOperations', methods: ['GET'], route: 'operations' },
  { kind: 'http', name: 'listAliases', methods: ['GET'], route: 'aliases' },
  { kind: 'http', name: 'dashboard', methods: ['GET'], route: 'dashboard' },
  { kind: 'http', name: 'health', methods: ['GET'], route: 'health', authLevel: 'anonymous' },
  {
    kind: 'http',
    name: 'openApiDocument',
    methods: ['GET'],
    route: 'openapi.json',
    authLevel: 'anonymous',
  },
  {
    kind: 'serviceBusQueue',
    name: 'executeCommand',
    queueSetting: 'COMMANDS_QUEUE',
    defaultQueue: 'commands',
  },
  {
    kind: 'timer',
    name: 'pollOperations',
    scheduleSetting: 'POLLER_SCHEDULE',
    defaultSchedule: '*/10 * * * * *',
  },
  {
    kind: 'timer',
    name: 'purgeOperations',
    scheduleSetting: 'RETENTION_SCHEDULE',
    defaultSchedule: '0 17 3 * * *',
  },
  {
    kind: 'serviceBusTopic',
    name: 'fanOutEventWebhooks',
    topicSetting: 'EVENTS_TOPIC',
    defaultTopic: 'operation-events',
    subscription: 'webhooks',
  },
  {
    kind: 'serviceBusQueue',
    name: 'deliverWebhook',
    queueSetting: 'DELIVERIES_QUEUE',
    defaultQueue: 'deliveries',
  },
  { kind: 'http', name: 'listDeadLetters', methods: ['GET'], route: 'deadletters' },
  { kind: 'http', name: 'replayDeadLetter', methods: ['POST'], route: 'deadletters/{entity}/{id}:replay' },
  {
    kind: 'serviceBusTopic',
    name: 'logOperationEvents',
    topicSetting: 'EVENTS_TOPIC',
    defaultTopic: 'operation-events',
    subscription: 'log',
  },
  { kind: 'http', name: 'putSchedule', methods: ['PUT'], route: 'schedules/{name}' },
  { kind: 'http', name: 'getSchedule', methods: ['GET'], route: 'schedules/{name}' },
  { kind: 'http', name: 'listSchedules', methods: ['GET'], route: 'schedules' },
  { kind: 'http', name: 'deleteSchedule', methods: ['DELETE'], route: 'schedules/{name}' },
  { kind: 'http', name: 'createScheduleOverride', methods: ['POST'], route: 'schedules/{name}/overrides' },
  { kind: 'http', name: 'listScheduleOverrides', methods: ['GET'], route: 'schedules/{name}/overrides' },
  {
    kind: 'http',
    name: 'endScheduleOverride',
    methods: ['DELETE'],
    route: 'schedules/{name}/overrides/{overrideId}',
  },
  { kind: 'http', name: 'getScheduleReport', methods: ['GET'], route: 'schedules/{name}/report' },
  { kind: 'timer', name: 'scheduleTimer', scheduleSetting: 'SCHEDULE_TIMER', defaultSchedule: '0 * * * * *' },
  { kind: 'http', name: 'slackWebhook', methods: ['POST'], route: 'webhooks/slack' },
  { kind: 'http', name: 'teamsWebhook', methods: ['POST'], route: 'webhooks/teams' },
  { kind: 'http', name: 'genericWebhook', methods: ['POST'], route: 'webhooks/generic' },
  {
    kind: 'serviceBusTopic',
    name: 'chatReplies',
    topicSetting: 'EVENTS_TOPIC',
    defaultTopic: 'operation-events',
    subscription: 'chat-replies',
  },
];
