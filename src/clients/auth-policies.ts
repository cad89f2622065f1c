import type { TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicy, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { isLoopbackHostname } from '../shared/loopback.js';

/** The Entra ID scope of every Azure AI (Cognitive Services) resource. */
const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

const API_KEY_HEADER = 'Ocp-Apim-Subscription-Key';

/** How a resource authenticates. The key is a function so that logging a config never prints it. */
export type AiAuth = { kind: 'key'; apiKey: () => string } | { kind: 'entra'; credential: TokenCredential };

/** Sets the resource key header on every attempt (it sits in the Sign phase, after the retry policy). */
function apiKeyPolicy(apiKey: () => string): PipelinePolicy {
  return {
    name: 'cognitiveOpsApiKey',
    sendRequest: (request, next) => {
      request.headers.set(API_KEY_HEADER, apiKey());
      return next(request);
    },
  };
}

/**
 * Bearer tokens through the library's policy (token caching and refresh included). That policy refuses
 * plain-HTTP URLs, which is right for the cloud; the one exception made here is a loopback address (the
 * local simulator), where a token never leaves the machine.
 */
function entraPolicy(credential: TokenCredential): PipelinePolicy {
  const tlsOnly = bearerTokenAuthenticationPolicy({ credential, scopes: COGNITIVE_SERVICES_SCOPE });
  return {
    name: 'cognitiveOpsEntra',
    sendRequest: async (request, next) => {
      if (!isPlainHttpLoopback(request.url)) return tlsOnly.sendRequest(request, next);
      const token = await credential.getToken(COGNITIVE_SERVICES_SCOPE, {
        ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      });
      if (!token) throw new Error('The credential returned no access token.');
      request.headers.set('Authorization', `Bearer ${token.token}`);
      return next(request);
    },
  };
}

export function authPolicy(auth: AiAuth): PipelinePolicy {
  return auth.kind === 'key' ? apiKeyPolicy(auth.apiKey) : entraPolicy(auth.credential);
}

/** True for `http://` URLs whose host is this machine (see `isLoopbackHostname`). */
export function isPlainHttpLoopback(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
}
