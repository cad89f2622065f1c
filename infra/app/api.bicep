// The Function App: Flex Consumption (FC1), Linux, Node.js 22, user-assigned identity, HTTPS only, TLS 1.2,
// FTP and basic publishing credentials off. Every app setting the code reads without a default is set
// here (test/infra/consistency.test.ts compares `appSettings` below with src/config/settings-catalog.ts).
import { aiResource, aiKeySecretName, aiKeySettingName } from 'types.bicep'

param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param serviceBusNamespaceName string
param applicationInsightsName string
param keyVaultName string
param commandsQueueName string
param deliveriesQueueName string
param eventsTopicName string
param aiResources aiResource[]
param endpointAliases object
param chatOpsAllowed object
@description('Comma-separated names from keyVaultBackedSettings to wire as Key Vault references.')
param keyVaultSettings string
param extraAppSettings object
param maximumInstanceCount int
param instanceMemoryMB int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Settings whose values live in Key Vault (setting name -> secret name). Each is wired only when listed in
// keyVaultSettings, i.e. once its secret exists: an unresolved reference would reach the app as the
// literal `@Microsoft.KeyVault(...)` text, which the chat-ops settings reject at start-up.
var keyVaultBackedSettings = {
  SLACK_SIGNING_SECRET: 'slack-signing-secret'
  TEAMS_WEBHOOK_SECRET: 'teams-webhook-secret'
  TEAMS_INCOMING_WEBHOOK_URL: 'teams-incoming-webhook-url'
  WEBHOOK_SECRET: 'webhook-secret'
  EVENT_WEBHOOKS: 'event-webhooks'
}

var requestedKeyVaultSettings = filter(map(split(keyVaultSettings, ','), s => trim(s)), s => !empty(s))

var keyVaultReferenceSettings = toObject(
  filter(items(keyVaultBackedSettings), kv => contains(requestedKeyVaultSettings, kv.key)),
  kv => kv.key,
  kv => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${kv.value})'
)

// AI_RESOURCES as the code reads it: { "<name>": { endpoint, auth, keySetting?, customVoiceApiVersion? } }.
// keySetting is always explicit, so the app and this template agree on the key's setting name.
var aiResourcesSetting = toObject(
  aiResources,
  ai => ai.name,
  ai => union(
    {
      endpoint: ai.endpoint
      auth: ai.auth
    },
    ai.auth == 'key' ? { keySetting: aiKeySettingName(ai.name) } : {},
    empty(ai.?customVoiceApiVersion ?? '') ? {} : { customVoiceApiVersion: ai.customVoiceApiVersion! }
  )
)

// AI_KEY_<NAME>: Key Vault references to the keys of key-auth resources.
var aiKeySettings = toObject(
  filter(aiResources, ai => ai.auth == 'key'),
  ai => aiKeySettingName(ai.name),
  ai => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${aiKeySecretName(ai.name)})'
)

var appSettings = {
  // Host storage and the app's tables, identity-based: no account key exists to leak.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  // Service Bus for the triggers and the app's own senders, identity-based.
  ServiceBusConnection__fullyQualifiedNamespace: '${serviceBusNamespaceName}.servicebus.windows.net'
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  // DefaultAzureCredential (Entra ID auth to the AI resources) picks the user-assigned identity.
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  COMMANDS_QUEUE: commandsQueueName
  DELIVERIES_QUEUE: deliveriesQueueName
  EVENTS_TOPIC: eventsTopicName
  AI_RESOURCES: string(aiResourcesSetting)
  ENDPOINT_ALIASES: string(endpointAliases)
  CHATOPS_ALLOWED: string(chatOpsAllowed)
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy to by this tag (service `api` in azure.yaml).
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Key Vault references are resolved with the user-assigned identity, not a system-assigned one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      // No `ftpsState` here: Flex Consumption has no FTP and ARM rejects the property on FC1 sites (error
      // 51021, "site configuration property (Site.SiteConfig.FtpsState) for Flex Consumption sites is
      // invalid"; `properties.ftpsState` is on the Flex deprecation list in the Functions app settings
      // reference). FTP and SCM basic auth are switched off by the basicPublishingCredentialsPolicies below.
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      cors: {
        allowedOrigins: []
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// App settings that Flex Consumption deprecates ("Flex Consumption plan deprecations" in the Functions app
// settings reference): the runtime, its version, scale-out and deployment live in functionAppConfig, and
// ARM refuses some of these outright on an FC1 site (FUNCTIONS_WORKER_RUNTIME), so one of them in
// extraAppSettings would fail the whole provision. They are dropped instead of passed through.
var flexDeprecatedSettings = [
  'ENABLE_ORYX_BUILD'
  'FUNCTIONS_EXTENSION_VERSION'
  'FUNCTIONS_MAX_HTTP_CONCURRENCY'
  'FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED'
  'FUNCTIONS_WORKER_PROCESS_COUNT'
  'FUNCTIONS_WORKER_RUNTIME'
  'FUNCTIONS_WORKER_RUNTIME_VERSION'
  'SCM_DO_BUILD_DURING_DEPLOYMENT'
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
  'WEBSITE_CONTENTOVERVNET'
  'WEBSITE_CONTENTSHARE'
  'WEBSITE_DNS_SERVER'
  'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT'
  'WEBSITE_NODE_DEFAULT_VERSION'
  'WEBSITE_RUN_FROM_PACKAGE'
  'WEBSITE_SKIP_CONTENTSHARE_VALIDATION'
  'WEBSITE_VNET_ROUTE_ALL'
]

var allowedExtraAppSettings = toObject(
  filter(items(extraAppSettings), kv => !contains(flexDeprecatedSettings, toUpper(kv.key))),
  kv => kv.key,
  kv => kv.value
)

// Later keys win: the managed settings cannot be replaced through extraAppSettings. This resource replaces
// the whole app settings collection, so nothing here may be a Flex-deprecated setting (see above).
resource siteAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(allowedExtraAppSettings, appSettings, aiKeySettings, keyVaultReferenceSettings)
}

// No user name/password publishing: azd deploys to Flex through the OneDeploy endpoint with an Entra ID
// token, and the platform writes the package to the deployment container with the app's identity.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
