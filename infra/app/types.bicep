// Parameter types shared by main.bicep and its modules.

@export()
@description('One Azure AI resource the app may act on.')
type aiResource = {
  @description('Name used by commands (`target.resource`): letters, digits, `.`, `_`, `-`.')
  name: string
  @description('The resource endpoint, e.g. https://my-speech.cognitiveservices.azure.com')
  endpoint: string
  auth: 'entra' | 'key'
  @description('ARM id of the Cognitive Services account: needed for the role assignment (entra) or to copy the key into Key Vault (key).')
  resourceId: string?
  @description('Custom voice api-version, when not the code\'s default.')
  customVoiceApiVersion: string?
}

@export()
@description('A subscription on the operation-events topic.')
type eventSubscription = {
  @description('Subscription name, unique on the topic.')
  name: string
  @description('Deliver only these CloudEvents types (e.g. CognitiveOps.Operation.Failed); every event when empty.')
  eventTypes: string[]?
}

@export()
@description('App setting that holds the key of a key-auth AI resource (passed to the app as `keySetting`).')
func aiKeySettingName(resourceName string) string => 'AI_KEY_${toUpper(replace(replace(resourceName, '-', '_'), '.', '_'))}'

@export()
@description('Key Vault secret that holds the key of a key-auth AI resource.')
func aiKeySecretName(resourceName string) string => 'ai-key-${toLower(replace(replace(resourceName, '_', '-'), '.', '-'))}'
