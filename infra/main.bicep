// cognitive-ops on Azure: `azd up` deploys this file with infra/main.parameters.json.
// Everything the app reaches is reached with one user-assigned managed identity; no account key or
// connection string is stored anywhere (AI resources that only accept keys keep them in Key Vault).
targetScope = 'subscription'

import { aiResource, eventSubscription } from 'app/types.bicep'

@minLength(1)
@maxLength(64)
@description('azd environment name; used for the resource group name and a unique suffix for every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. Flex Consumption is not offered in every region: see `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person (or CI principal) running azd. Gets Key Vault Secrets Officer on the vault so the chat-ops secrets and AI keys can be filled in. Empty: no such assignment.')
param principalId string = ''

@description('Resource group name; default rg-<environmentName>.')
param resourceGroupName string = ''

@description('''The Azure AI resources the app may act on. `name` is what commands use as `target.resource`;
`auth: 'entra'` uses the app identity (Cognitive Services User is assigned when `resourceId` is given;
the resource needs a custom subdomain endpoint), `auth: 'key'` reads the key from Key Vault (copied there
by this template when `resourceId` is given, else put it there yourself as secret `ai-key-<name>`).''')
param aiResources aiResource[] = []

@description('ENDPOINT_ALIASES: friendly names for custom voice endpoints, `{ "jessica": { "resource": "...", "endpointId": "<uuid>" } }`.')
param endpointAliases object = {}

@description('CHATOPS_ALLOWED: who may run which chat command, `{ "slack": { "suspend": ["U123"] } }`. Nothing listed, nothing allowed.')
param chatOpsAllowed object = {}

@description('''Comma-separated app settings to wire as Key Vault references once their secrets exist in the vault
(see docs/deploy.md): SLACK_SIGNING_SECRET, TEAMS_WEBHOOK_SECRET, TEAMS_INCOMING_WEBHOOK_URL, WEBHOOK_SECRET,
EVENT_WEBHOOKS. A reference to a secret that does not exist would hand the app the reference text itself,
which the chat-ops settings reject at start-up, so each is switched on only when its secret is there.''')
param keyVaultSettings string = ''

@description('Further subscriptions on the operation-events topic for other teams, optionally filtered on event types.')
param extraEventSubscriptions eventSubscription[] = []

@description('More app settings, for settings that have a default in the code (POLLER_SCHEDULE, OPERATION_TIMEOUT_MINUTES, ...). They cannot replace the settings this template manages, and settings Flex Consumption deprecates (FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE, ...) are dropped.')
param extraAppSettings object = {}

@description('Instance memory in MB. Flex Consumption bills memory x execution time and the poller runs every 10 s: the smallest size keeps the idle cost down.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Most instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Resource id of an existing action group that the metric alerts notify (failed operations, dead letters, poller lag). Empty: the alerts fire without notifying anyone.')
param alertActionGroupId string = ''

// The entity and table names; test/infra/consistency.test.ts checks they equal src/config/names.ts.
var names = {
  commandsQueue: 'commands'
  deliveriesQueue: 'deliveries'
  eventsTopic: 'operation-events'
  eventSubscriptions: [
    'webhooks'
    'log'
    'chat-replies'
  ]
  eventTypeProperty: 'eventType'
  tables: [
    'operations'
    'schedules'
    'durations'
  ]
}

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-cogops-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-cogops-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-cogops-${resourceToken}'
    applicationInsightsName: 'appi-cogops-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stcogops${take(resourceToken, 16)}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableNames: names.tables
  }
}

module serviceBus 'app/service-bus.bicep' = {
  name: 'serviceBus'
  scope: rg
  params: {
    name: 'sb-cogops-${resourceToken}'
    location: location
    tags: tags
    queueName: names.commandsQueue
    deliveriesQueueName: names.deliveriesQueue
    topicName: names.eventsTopic
    subscriptionNames: names.eventSubscriptions
    eventTypeProperty: names.eventTypeProperty
    extraSubscriptions: extraEventSubscriptions
  }
}

module keyVault 'app/key-vault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: 'kv-cogops-${take(resourceToken, 13)}'
    location: location
    tags: tags
    aiResources: aiResources
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusNamespaceName: serviceBus.outputs.name
    tags: tags
    actionGroupId: alertActionGroupId
  }
}

module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    location: location
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-cogops-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    serviceBusNamespaceName: serviceBus.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    commandsQueueName: names.commandsQueue
    deliveriesQueueName: names.deliveriesQueue
    eventsTopicName: names.eventsTopic
    aiResources: aiResources
    endpointAliases: endpointAliases
    chatOpsAllowed: chatOpsAllowed
    keyVaultSettings: keyVaultSettings
    extraAppSettings: extraAppSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The host must be able to read its storage and the vault when it first starts.
  dependsOn: [
    rbac
  ]
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

// Cognitive Services User on each `auth: 'entra'` AI resource given by id, in its own subscription and
// resource group. Key-auth resources are called with their key (from Key Vault), so the identity gets no
// data-plane role on them: no role wider than needed, as the README and the aiResources description say.
module aiRbac 'app/ai-rbac.bicep' = [
  for (ai, i) in filter(aiResources, r => r.auth == 'entra' && !empty(r.?resourceId ?? '')): {
    name: 'ai-rbac-${i}-${resourceToken}'
    scope: resourceGroup(split(ai.resourceId!, '/')[2], split(ai.resourceId!, '/')[4])
    params: {
      accountName: last(split(ai.resourceId!, '/'))
      identityPrincipalId: identity.outputs.principalId
    }
  }
]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_STORAGE_ACCOUNT string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
