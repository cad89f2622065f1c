import { z } from 'zod';
import {
  ConfigurationError,
  readJson,
  readOptionalString,
  readPositiveInt,
  type Env,
} from '../config/env.js';
import { isPlainHttpLoopback } from './auth-policies.js';

/** One configured Azure AI resource, as the registry needs it. */
export interface AiResourceConfig {
  /** The name commands use in `target.resource`. */
  name: string;
  /** Base URL without a trailing slash, e.g. `https://eastus.api.cognitive.microsoft.com`. */
  endpoint: string;
  /**
   * `key`: `apiKey()` gives the resource key (a function, so that logging a config never prints it);
   * `entra`: a bearer token from the registry's credential.
   */
  auth: { kind: 'key'; apiKey: () => string; keySetting?: string } | { kind: 'entra' };
  /** Default `2026-01-01`. */
  customVoiceApiVersion?: string;
  /**
   * The app's own pace towards this resource, requests per second (per process), shared by the executor
   * and the poller; absent: no budget, only the service's 429s pace it (see `request-budget.ts`).
   */
  maxRequestsPerSecond?: number;
}

/** What `readAiClientOptions` reads from the environment. */
export interface AiClientEnvOptions {
  /** `AI_REQUEST_TIMEOUT_SECONDS` (default 30) in ms. */
  timeoutInMs: number;
  /** `AZURE_CLIENT_ID`: the user-assigned managed identity for DefaultAzureCredential. */
  managedIdentityClientId?: string;
}

const SETTING = 'AI_RESOURCES';
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const resourceSchema = z.strictObject({
  endpoint: z.string().min(1, 'endpoint is required'),
  auth: z.enum(['entra', 'key'], 'auth must be "entra" or "key"'),
  keySetting: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'keySetting must be a setting name (letters, digits, _)')
    .optional(),
  customVoiceApiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'customVoiceApiVersion must look like 2026-01-01')
    .optional(),
  maxRequestsPerSecond: z
    .number('maxRequestsPerSecond must be a number')
    .positive('maxRequestsPerSecond must be above 0')
    .max(100_000, 'maxRequestsPerSecond must be at most 100000')
    .optional(),
});

const resourcesSchema = z.record(
  z.string().regex(RESOURCE_NAME, 'resource names are 1-64 letters, digits, . _ - (alphanumeric first)'),
  resourceSchema,
);

/** The setting a key-auth resource reads its key from when it names none: `AI_KEY_<NAME>`. */
export function defaultKeySetting(resourceName: string): string {
  return `AI_KEY_${resourceName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Reads `AI_RESOURCES` (a JSON map of name to
 * `{ endpoint, auth, keySetting?, customVoiceApiVersion?, maxRequestsPerSecond? }`,
 * default `{}`) and, for key auth, each resource's key setting. Fails with a `ConfigurationError` naming
 * the setting and the place in it; values are never echoed (an endpoint URL could hold a secret too).
 */
export function parseAiResources(env: Env): AiResourceConfig[] {
  const parsed = resourcesSchema.safeParse(readJson(env, SETTING, {}));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new ConfigurationError(
      SETTING,
      `${SETTING} is invalid at '${where}': ${issue?.message ?? 'expected a JSON object of resources'}.`,
    );
  }
  return Object.entries(parsed.data).map(([name, entry]) => ({
    name,
    endpoint: normalizeEndpoint(name, entry.endpoint),
    auth: entry.auth === 'entra' ? { kind: 'entra' as const } : readKeyAuth(env, name, entry.keySetting),
    ...(entry.customVoiceApiVersion ? { customVoiceApiVersion: entry.customVoiceApiVersion } : {}),
    ...(entry.maxRequestsPerSecond !== undefined ? { maxRequestsPerSecond: entry.maxRequestsPerSecond } : {}),
  }));
}

/** `AI_REQUEST_TIMEOUT_SECONDS` and `AZURE_CLIENT_ID`, for `createAiClientRegistry`'s options. */
export function readAiClientOptions(env: Env): AiClientEnvOptions {
  const managedIdentityClientId = readOptionalString(env, 'AZURE_CLIENT_ID');
  return {
    timeoutInMs: readPositiveInt(env, 'AI_REQUEST_TIMEOUT_SECONDS', 30) * 1000,
    ...(managedIdentityClientId ? { managedIdentityClientId } : {}),
  };
}

function readKeyAuth(
  env: Env,
  name: string,
  keySetting: string | undefined,
): { kind: 'key'; apiKey: () => string; keySetting: string } {
  const setting = keySetting ?? defaultKeySetting(name);
  const key = readOptionalString(env, setting);
  if (key === undefined) {
    throw new ConfigurationError(
      setting,
      `${setting} is required: AI resource '${name}' in ${SETTING} uses key auth.`,
    );
  }
  return { kind: 'key', apiKey: () => key, keySetting: setting };
}

function normalizeEndpoint(name: string, raw: string): string {
  const place = `${SETTING} is invalid at '${name}.endpoint'`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(SETTING, `${place}: not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && !isPlainHttpLoopback(url.href)) {
    throw new ConfigurationError(
      SETTING,
      `${place}: use https (plain http is accepted only for a loopback address such as the simulator).`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigurationError(SETTING, `${place}: no query, fragment or credentials in the URL.`);
  }
  return url.href.replace(/\/+$/, '');
}
