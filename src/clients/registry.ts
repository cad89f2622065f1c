import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import type { AiAuth } from './auth-policies.js';
import { UnknownResourceError } from './errors.js';
import { createAiPipeline, DEFAULT_CALL_LIMITS, type AiCallLimits } from './pipeline.js';
import type { AiResourceConfig } from './resource-config.js';
import { RequestBudget } from './request-budget.js';
import type { AiResource, AiResourceRegistry } from './types.js';

export { parseAiResources, readAiClientOptions, type AiResourceConfig } from './resource-config.js';

export interface AiResourceRegistryOptions {
  /** For `entra` resources; a DefaultAzureCredential is created on first use when absent. */
  credential?: TokenCredential;
  /** `AZURE_CLIENT_ID`: the user-assigned managed identity that DefaultAzureCredential should use. */
  managedIdentityClientId?: string;
  /** Shared by every resource; `createDefaultHttpClient()` when absent. */
  httpClient?: HttpClient;
  /** Retries inside one call (429, 408, 5xx, network). Default 3. */
  maxRetries?: number;
  /** Longest wait taken inside one call; a longer Retry-After ends the call with `retryAfterInMs`. Default 2000. */
  maxInlineRetryDelayInMs?: number;
  /** Budget of one call, retries included (`AI_REQUEST_TIMEOUT_SECONDS`). Default 30000. */
  timeoutInMs?: number;
}

/**
 * Builds every configured resource once: one pipeline per resource (its auth), one HTTP client (one
 * connection pool) for all. Each operation kind builds its own client over a resource's pipeline.
 */
export function createAiResourceRegistry(
  resources: readonly AiResourceConfig[],
  options: AiResourceRegistryOptions = {},
): AiResourceRegistry {
  const limits: AiCallLimits = {
    maxRetries: options.maxRetries ?? DEFAULT_CALL_LIMITS.maxRetries,
    maxInlineRetryDelayInMs: options.maxInlineRetryDelayInMs ?? DEFAULT_CALL_LIMITS.maxInlineRetryDelayInMs,
    timeoutInMs: options.timeoutInMs ?? DEFAULT_CALL_LIMITS.timeoutInMs,
  };
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  // Asked for only by an `entra` resource, so a key-only configuration never creates one.
  let credential: TokenCredential | undefined;
  const sharedCredential = (): TokenCredential =>
    (credential ??= options.credential ?? lazyDefaultCredential(options.managedIdentityClientId));

  const built = new Map<string, AiResource>();
  for (const resource of resources) {
    const auth: AiAuth =
      resource.auth.kind === 'key'
        ? { kind: 'key', apiKey: resource.auth.apiKey }
        : { kind: 'entra', credential: sharedCredential() };
    const secrets = resource.auth.kind === 'key' ? secretsOf(resource.auth.apiKey) : () => [];
    built.set(resource.name, {
      name: resource.name,
      endpoint: resource.endpoint,
      pipeline: createAiPipeline({ auth, limits, httpClient }),
      secrets,
      apiVersions: resource.customVoiceApiVersion
        ? { customVoiceApiVersion: resource.customVoiceApiVersion }
        : {},
      budget: new RequestBudget(
        resource.maxRequestsPerSecond !== undefined
          ? { maxRequestsPerSecond: resource.maxRequestsPerSecond }
          : {},
      ),
    });
  }

  return {
    has: (name) => built.has(name),
    names: () => [...built.keys()],
    forResource(name) {
      const found = built.get(name);
      if (!found) throw new UnknownResourceError(name);
      return found;
    },
  };
}

function secretsOf(apiKey: () => string): () => readonly string[] {
  return () => [apiKey()];
}

/**
 * DefaultAzureCredential, created (and `@azure/identity` loaded) on the first token request, so a
 * process whose resources all use keys never touches it.
 */
function lazyDefaultCredential(managedIdentityClientId: string | undefined): TokenCredential {
  let created: Promise<TokenCredential> | undefined;
  const load = async (): Promise<TokenCredential> => {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential(managedIdentityClientId ? { managedIdentityClientId } : {});
  };
  return {
    async getToken(
      scopes: string | string[],
      getTokenOptions?: GetTokenOptions,
    ): Promise<AccessToken | null> {
      created ??= load();
      return (await created).getToken(scopes, getTokenOptions);
    },
  };
}
