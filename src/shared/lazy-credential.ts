import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * DefaultAzureCredential, created (and `@azure/identity`, a large import, loaded) on the first token
 * request: a process whose connections all use keys or connection strings never loads it, and one that
 * uses identities loads it when the first client authenticates rather than when the app starts.
 */
export function lazyDefaultAzureCredential(managedIdentityClientId?: string): TokenCredential {
  let created: Promise<TokenCredential> | undefined;
  const load = async (): Promise<TokenCredential> => {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential(managedIdentityClientId ? { managedIdentityClientId } : {});
  };
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      created ??= load().catch((error: unknown) => {
        created = undefined;
        throw error;
      });
      return (await created).getToken(scopes, options);
    },
  };
}
