import { z } from 'zod';
import { UUID_PATTERN } from '../shared/ids.js';
import { ConfigurationError, readJson, type Env } from './env.js';

const aliasSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'alias names are letters, digits, dot, dash, underscore'),
  z.strictObject({
    resource: z.string().min(1),
    endpointId: z.string().regex(UUID_PATTERN, 'endpointId must be a UUID'),
  }),
);

/** A friendly name for a custom voice endpoint (`jessica` -> resource + endpoint id). */
export interface EndpointAlias {
  resource: string;
  endpointId: string;
}

export type EndpointAliases = Readonly<Record<string, EndpointAlias>>;

/** Reads `ENDPOINT_ALIASES`; alias names are case-insensitive and stored lower-cased. */
export function parseEndpointAliases(env: Env): EndpointAliases {
  const parsed = aliasSchema.safeParse(readJson(env, 'ENDPOINT_ALIASES', {}));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new ConfigurationError(
      'ENDPOINT_ALIASES',
      `ENDPOINT_ALIASES is invalid${where ? ` at '${where}'` : ''}: ${issue?.message ?? 'unexpected shape'}.`,
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).map(([name, alias]) => [name.toLowerCase(), alias]));
}
