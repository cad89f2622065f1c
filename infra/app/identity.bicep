// The app's user-assigned managed identity: every data-plane call of the app and of the Functions host
// (storage, Service Bus, Key Vault references, AI resources, Application Insights) authenticates as it.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
