/**
 * The Azure RBAC roles the app's managed identity needs, with the built-in role definition GUIDs
 * (the same in every tenant). `infra/app/rbac.bicep` and `infra/app/ai-rbac.bicep` assign them, and
 * `test/infra/consistency.test.ts` fails when one of these is not assigned to the app's identity on a
 * resource of the right kind. Nothing here is read at run time.
 */
export type RoleScope = 'storage' | 'servicebus' | 'keyvault' | 'ai';

export interface RequiredRole {
  /** The built-in role's display name. */
  name: string;
  /** The built-in role definition GUID. */
  roleDefinitionId: string;
  /** Which resource the role is assigned on. */
  scope: RoleScope;
  why: string;
}

export const REQUIRED_ROLES = [
  {
    name: 'Storage Blob Data Owner',
    roleDefinitionId: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    scope: 'storage',
    why: 'The Functions host with identity-based AzureWebJobsStorage: host keys, timer schedule monitors and singleton locks (blob leases), and the Flex Consumption deployment package container.',
  },
  {
    name: 'Storage Table Data Contributor',
    roleDefinitionId: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
    scope: 'storage',
    why: 'The operation store and the schedule store create and read/write the `operations` and `schedules` tables.',
  },
  {
    name: 'Azure Service Bus Data Sender',
    roleDefinitionId: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
    scope: 'servicebus',
    why: 'The HTTP API, schedules, chat-ops and the poller send commands (and scheduled retries) to `commands`; the executor and the poller publish completion events to `operation-events`.',
  },
  {
    name: 'Azure Service Bus Data Receiver',
    roleDefinitionId: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
    scope: 'servicebus',
    why: 'The queue trigger (executor) on `commands` and the topic triggers on the `operation-events` subscriptions.',
  },
  {
    name: 'Key Vault Secrets User',
    roleDefinitionId: '4633458b-17de-408a-b874-0445c86b69e6',
    scope: 'keyvault',
    why: 'Key Vault references in app settings (AI resource keys, chat-ops secrets) are resolved with the app identity.',
  },
  {
    name: 'Cognitive Services User',
    roleDefinitionId: 'a97b65f3-24c7-4388-baec-2e87135dc908',
    scope: 'ai',
    why: "Entra ID (bearer token) calls to the AI resources: every operation kind's starts and status reads (src/kinds).",
  },
] as const satisfies readonly RequiredRole[];
