/**
 * Every app setting the code reads, in one list. The README's configuration table and the
 * infrastructure consistency test (test/infra) are checked against it, so a setting added to the code
 * must be added here. `default` is what the code uses when the setting is absent; `required` settings
 * have none. `secret` settings are never logged.
 */
export interface SettingSpec {
  name: string;
  description: string;
  default?: string;
  required?: boolean;
  secret?: boolean;
  /** Which part of the app reads it. */
  usedBy: string;
  /** Set by the platform or tooling rather than by Bicep (e.g. the Functions host's own settings). */
  platform?: boolean;
}

export const SETTINGS = [
  {
    name: 'AzureWebJobsStorage',
    description:
      'Storage for the Functions host and the app tables: a connection string, or identity-based `AzureWebJobsStorage__accountName` / `__tableServiceUri` (+ `__credential`, `__clientId`).',
    required: true,
    secret: true,
    usedBy: 'host, operation store, schedule store',
  },
  {
    name: 'ServiceBusConnection',
    description:
      'Service Bus: a connection string, or identity-based `ServiceBusConnection__fullyQualifiedNamespace` (+ `__credential`, `__clientId`). Unset under `npm start`: the local bus is used; unset under the Functions host: an error, every route `503 ServiceNotConfigured`.',
    required: true,
    secret: true,
    usedBy: 'triggers, command and event senders',
  },
  {
    name: 'SERVICEBUS_CONNECTION_STRING',
    description:
      'Fallback Service Bus connection string for local runs and the bus contract tests (`npm test` also runs the contract suite against real Service Bus when it is set). Not used in Azure.',
    usedBy: 'standalone host, bus contract tests',
    platform: true,
  },
  {
    name: 'AZURE_CLIENT_ID',
    description: 'Client id of the user-assigned managed identity used by DefaultAzureCredential.',
    usedBy: 'AI clients (Entra ID auth), identity-based connections',
  },
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
    description:
      'Sends traces, metrics and logs to Application Insights with the Azure Monitor OpenTelemetry distro, authenticated as the app identity (`AZURE_CLIENT_ID`). Unset: no Azure Monitor export.',
    usedBy: 'telemetry (both hosts)',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    description:
      'Base URL of an OTLP/HTTP receiver (e.g. `http://127.0.0.1:4318`); traces, metrics and logs go to its `/v1/traces`, `/v1/metrics`, `/v1/logs`. Used when `APPLICATIONINSIGHTS_CONNECTION_STRING` is unset. Unset: telemetry off.',
    usedBy: 'telemetry (both hosts)',
    platform: true,
  },
  {
    name: 'OTEL_EXPORTER_OTLP_PROTOCOL',
    description: 'OTLP encoding: `http/protobuf` or `http/json`.',
    default: 'http/protobuf',
    usedBy: 'telemetry (both hosts)',
    platform: true,
  },
  {
    name: 'OTEL_SERVICE_NAME',
    description: 'The `service.name` resource attribute (the role name in Application Insights).',
    default: 'cognitive-ops',
    usedBy: 'telemetry (both hosts)',
    platform: true,
  },
  {
    name: 'OTEL_METRIC_EXPORT_INTERVAL',
    description: 'Milliseconds between two OTLP metric exports.',
    default: '60000',
    usedBy: 'telemetry (OTLP)',
    platform: true,
  },
  {
    name: 'AI_RESOURCES',
    description:
      'JSON map of AI resource name to `{ "endpoint", "auth": "entra" | "key", "keySetting"?, "customVoiceApiVersion"? }`. With `auth: "key"` the key is read from the setting named by `keySetting` (default `AI_KEY_<NAME>`), e.g. a Key Vault reference.',
    default: '{}',
    usedBy: 'executor, poller',
  },
  {
    name: 'COMMANDS_QUEUE',
    description: 'Service Bus queue that carries commands.',
    default: 'commands',
    usedBy: 'HTTP API, schedules, chat-ops, executor',
  },
  {
    name: 'EVENTS_TOPIC',
    description: 'Service Bus topic for completion events.',
    default: 'operation-events',
    usedBy: 'poller, executor, subscribers',
  },
  {
    name: 'DELIVERIES_QUEUE',
    description:
      'Service Bus queue with one message per completion event and webhook subscriber: each subscriber is delivered to, retried and dead-lettered on its own.',
    default: 'deliveries',
    usedBy: 'webhook subscriber',
  },
  {
    name: 'WEBHOOK_DELIVERY_ATTEMPTS',
    description:
      'Tries at one webhook delivery failing for a passing reason (network, 408, 429, 5xx) before it is dead-lettered `DeliveryFailed`; retries are scheduled messages after the `Retry-After` of the subscriber, else 10 s doubling up to 10 min.',
    default: '8',
    usedBy: 'webhook subscriber',
  },
  {
    name: 'POLLER_SCHEDULE',
    description: 'NCRONTAB (6 fields, UTC) of the timer that checks pending operations.',
    default: '*/10 * * * * *',
    usedBy: 'poller',
  },
  {
    name: 'RETENTION_SCHEDULE',
    description: 'NCRONTAB (6 fields, UTC) of the timer that deletes finished operations past retention.',
    default: '0 17 3 * * *',
    usedBy: 'retention timer',
  },
  {
    name: 'POLLER_BATCH_SIZE',
    description: 'Most operations the poller checks per run.',
    default: '100',
    usedBy: 'poller',
  },
  {
    name: 'POLLER_CONCURRENCY',
    description: 'Most status checks the poller runs at once.',
    default: '8',
    usedBy: 'poller',
  },
  {
    name: 'STATUS_CHECK_INTERVAL_SECONDS',
    description: 'Delay before the next status check when the service gives no `Retry-After`.',
    default: '5',
    usedBy: 'executor, poller',
  },
  {
    name: 'POLLER_SWEEP_GRACE_SECONDS',
    description:
      'How long past its time a look whose scheduled message was sent is left to that message before the poller timer (the safety sweep) makes it itself.',
    default: '30',
    usedBy: 'poller',
  },
  {
    name: 'POLLING_TIME_SCALE',
    description:
      'For benchmarks against a time-scaled simulator only: every polling delay of the next-look rule, and the `Retry-After` of the service (which the simulator never scales), is divided by it; observed durations are not.',
    default: '1',
    usedBy: 'executor, poller',
  },
  {
    name: 'OPERATION_TIMEOUT_MINUTES',
    description:
      'An operation still not terminal this long after it was accepted ends `Failed` with code `Expired`.',
    default: '120',
    usedBy: 'poller',
  },
  {
    name: 'OPERATION_RETENTION_DAYS',
    description: 'Finished operations older than this are deleted by the poller.',
    default: '30',
    usedBy: 'poller',
  },
  {
    name: 'EXECUTOR_MAX_ATTEMPTS',
    description:
      'Attempts at a command that keeps failing for a passing reason (429, 5xx, timeout) before it ends `Failed`.',
    default: '8',
    usedBy: 'executor',
  },
  {
    name: 'EXECUTOR_CLAIM_SECONDS',
    description:
      'How long the claim an execution writes on a command before calling the service stands: a twin execution (redelivery, second host) that finds it waits until it expires instead of calling; a crashed worker delays its commands by at most this much. Keep it above one AI call (`AI_REQUEST_TIMEOUT_SECONDS`).',
    default: '45',
    usedBy: 'executor',
  },
  {
    name: 'AI_REQUEST_TIMEOUT_SECONDS',
    description: 'Timeout of one call to an AI service.',
    default: '30',
    usedBy: 'AI clients',
  },
  {
    name: 'EVENT_WEBHOOKS',
    description:
      'JSON array of `{ "url", "secret"?, "types"? }`: completion events are POSTed there as CloudEvents, signed per Standard Webhooks when a `whsec_` secret is set.',
    default: '[]',
    secret: true,
    usedBy: 'webhook subscriber',
  },
  {
    name: 'SCHEDULE_TIMER',
    description: 'NCRONTAB (6 fields, UTC) of the timer that evaluates schedules.',
    default: '0 * * * * *',
    usedBy: 'schedule timer',
  },
  {
    name: 'SCHEDULE_CATCHUP_GRACE_MINUTES',
    description:
      'Missed schedule instants younger than this are acted on after downtime; older ones are skipped and logged.',
    default: '180',
    usedBy: 'schedule timer',
  },
  {
    name: 'ENDPOINT_ALIASES',
    description: 'JSON map of alias to `{ "resource", "endpointId" }` for chat-ops and schedules.',
    default: '{}',
    usedBy: 'chat-ops, schedules',
  },
  {
    name: 'CHATOPS_ALLOWED',
    description:
      'JSON `{ "<slack|teams|generic>": { "<suspend|resume|status>": ["<user or channel id>" | "*"] } }`; what is not listed is refused.',
    default: '{}',
    usedBy: 'chat-ops',
  },
  {
    name: 'SLACK_SIGNING_SECRET',
    description: 'Slack app signing secret; `/api/webhooks/slack` refuses every request while unset.',
    secret: true,
    usedBy: 'chat-ops (Slack)',
  },
  {
    name: 'TEAMS_WEBHOOK_SECRET',
    description:
      'Teams outgoing-webhook security token (base64); `/api/webhooks/teams` refuses every request while unset.',
    secret: true,
    usedBy: 'chat-ops (Teams)',
  },
  {
    name: 'TEAMS_INCOMING_WEBHOOK_URL',
    description: 'Teams incoming-webhook URL where completion notices for Teams commands are posted.',
    secret: true,
    usedBy: 'chat-ops (Teams replies)',
  },
  {
    name: 'WEBHOOK_SECRET',
    description:
      'Standard Webhooks secret (`whsec_...`) of `/api/webhooks/generic`; refuses every request while unset.',
    secret: true,
    usedBy: 'chat-ops (generic webhook)',
  },
  {
    name: 'PUBLIC_BASE_URL',
    description:
      "Base of the URLs the app hands out about itself (`Operation-Location`, `nextLink`), e.g. a custom domain or a gateway (`https://ops.contoso.com/voice`). Unset: `https://<WEBSITE_HOSTNAME>` in Azure, the listening address under `npm start`; never the request's `Host` header.",
    default: 'https://<WEBSITE_HOSTNAME>',
    usedBy: 'HTTP API, generic webhook',
  },
  {
    name: 'WEBSITE_HOSTNAME',
    description:
      "Set by Azure App Service / Functions: the app's default host name, the base of `Operation-Location` unless `PUBLIC_BASE_URL` is set.",
    usedBy: 'HTTP API',
    platform: true,
  },
  {
    name: 'WEBSITE_INSTANCE_ID',
    description:
      'Set by Azure App Service / Functions on every instance. While unset (outside Azure), webhook URLs (`callbackUrl`, `response_url`, `TEAMS_INCOMING_WEBHOOK_URL`, `EVENT_WEBHOOKS`) may be plain `http:` to a loopback host; in Azure only `https:`.',
    usedBy: 'chat-ops, webhook subscriber',
    platform: true,
  },
  {
    name: 'WEBSITE_SITE_NAME',
    description:
      'Set by Azure App Service / Functions (the app name); counts as "in Azure" like `WEBSITE_INSTANCE_ID`.',
    usedBy: 'chat-ops, webhook subscriber',
    platform: true,
  },
] as const satisfies readonly SettingSpec[];

export type SettingName = (typeof SETTINGS)[number]['name'];
