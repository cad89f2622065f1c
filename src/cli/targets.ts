import { operationKinds } from '../kinds/index.js';
import type { Alias } from './resources.js';
import { UsageError } from './usage-error.js';

/**
 * Builds the `target` of `POST /api/commands` from command-line options. Only presence is checked here;
 * the API validates the values (one set of rules, and its messages name the field).
 */

/** Every target kind the app knows, from the kinds registry: a new kind needs no CLI change. */
export const TARGET_KINDS: readonly string[] = operationKinds.names;
export type TargetKind = string;

/** Options by their command-line name (`--endpoint-id`); the API field is the camel-case form. */
export type TargetOptions = Partial<Record<string, string | boolean | string[]>>;

/** The options a kind needs besides `--resource`: one per field of its target schema, kebab-cased. */
export function targetOptionsOf(kind: TargetKind): Array<[option: string, field: string]> {
  const schema = operationKinds.get(kind)?.targetSchema as { shape?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.shape ?? {})
    .filter((field) => field !== 'kind' && field !== 'resource')
    .map((field) => [field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), field]);
}

export function isTargetKind(value: string): boolean {
  return TARGET_KINDS.includes(value);
}

export function buildTarget(kind: TargetKind, options: TargetOptions): Record<string, string> {
  const text = (option: string): string | undefined => {
    const value = options[option];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const missing = ['resource', ...targetOptionsOf(kind).map(([option]) => option)].filter(
    (option) => text(option) === undefined,
  );
  if (missing.length > 0) {
    throw new UsageError(`${kind} needs ${missing.map((option) => `--${option}`).join(' and ')}.`);
  }
  const target: Record<string, string> = { kind, resource: text('resource') ?? '' };
  for (const [option, field] of targetOptionsOf(kind)) target[field] = text(option) ?? '';
  return target;
}

/**
 * An endpoint named by an alias (as chat-ops and schedules name it, from the app's `ENDPOINT_ALIASES`) or
 * by `--resource` and `--endpoint-id`; never both, so a typo cannot pick the wrong endpoint.
 */
export async function endpointTarget(
  alias: string | undefined,
  options: TargetOptions,
  aliases: () => Promise<Alias[]>,
): Promise<Record<string, string>> {
  if (alias === undefined) {
    if (!options.resource && !options['endpoint-id']) {
      throw new UsageError(
        'Name the endpoint: an alias (see cogops aliases), or --resource and --endpoint-id.',
      );
    }
    return buildTarget('customvoice-endpoint', options);
  }
  if (options.resource || options['endpoint-id']) {
    throw new UsageError('Give an alias or --resource and --endpoint-id, not both.');
  }
  const known = await aliases();
  const found = known.find((candidate) => candidate.name === alias.toLowerCase());
  if (!found) {
    throw new UsageError(
      known.length === 0
        ? `No endpoint alias '${alias}': the app has no ENDPOINT_ALIASES configured.`
        : `No endpoint alias '${alias}'; the app knows ${known.map((a) => a.name).join(', ')}.`,
    );
  }
  return { kind: 'customvoice-endpoint', resource: found.resource, endpointId: found.endpointId };
}
