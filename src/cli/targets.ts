import type { Alias } from './resources.js';
import { UsageError } from './usage-error.js';

/**
 * Builds the `target` of `POST /api/commands` from command-line options. Only presence is checked here;
 * the API validates the values (one set of rules, and its messages name the field).
 */

export const TARGET_KINDS = [
  'customvoice-endpoint',
  'customvoice-operation',
  'face-operation',
  'qna-job',
  'azure-operation',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface TargetOptions {
  resource?: string;
  'endpoint-id'?: string;
  'operation-id'?: string;
  'project-name'?: string;
  'job-id'?: string;
  'operation-location'?: string;
}

/** The option each kind needs besides `--resource`, in the API's field names. */
const FIELDS: Record<TargetKind, Array<[option: keyof TargetOptions, field: string]>> = {
  'customvoice-endpoint': [['endpoint-id', 'endpointId']],
  'customvoice-operation': [['operation-id', 'operationId']],
  'face-operation': [['operation-id', 'operationId']],
  'qna-job': [
    ['project-name', 'projectName'],
    ['job-id', 'jobId'],
  ],
  'azure-operation': [['operation-location', 'operationLocation']],
};

export function isTargetKind(value: string): value is TargetKind {
  return (TARGET_KINDS as readonly string[]).includes(value);
}

export function buildTarget(kind: TargetKind, options: TargetOptions): Record<string, string> {
  const missing = ['resource' as const, ...FIELDS[kind].map(([option]) => option)].filter(
    (option) => !options[option],
  );
  if (missing.length > 0) {
    throw new UsageError(`${kind} needs ${missing.map((option) => `--${option}`).join(' and ')}.`);
  }
  const target: Record<string, string> = { kind, resource: options.resource ?? '' };
  for (const [option, field] of FIELDS[kind]) target[field] = options[option] ?? '';
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
