// Key Vault for the secrets an identity cannot replace: keys of AI resources that use key auth and the
// chat-ops secrets. RBAC authorization; the app reads secrets only through Key Vault references.
import { aiResource, aiKeySecretName } from 'types.bicep'

param name string
param location string
param tags object
param aiResources aiResource[]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

// Key-auth AI resources given by resource id: their key1 is copied into the vault at every provision
// (the deploying principal needs listKeys on them). Without an id, set secret ai-key-<name> yourself.
resource aiKeys 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for ai in filter(aiResources, r => r.auth == 'key' && !empty(r.?resourceId ?? '')): {
    parent: vault
    name: aiKeySecretName(ai.name)
    properties: {
      value: listKeys(ai.resourceId!, '2024-10-01').key1
      contentType: 'Azure AI resource key (${ai.name})'
    }
  }
]

output name string = vault.name
output uri string = vault.properties.vaultUri
