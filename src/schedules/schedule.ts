import { z } from 'zod';
import type { EndpointAliases } from '../config/aliases.js';
import { invalidRequest } from '../domain/refusal.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import { featureUnavailable } from '../config/feature-unavailable.js';
import { UUID_PATTERN } from '../shared/ids.js';
import { InvalidCronExpressionError, firesMoreThanOncePerMinute, parseLocalCron } from './cron.js';
import { canonicalTimeZone } from './time-zone.js';

/**
 * The schedule resource as `PUT /api/schedules/{name}` accepts it, and the checks that make a bad one a
 * `400` naming the field. Pure: the aliases and the known AI resources are passed in.
 */

/** Schedule names are table keys and URL segments: letters, digits, `.`, `_`, `-`, at most 63. */
export const SCHEDULE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const SCHEDULE_LIMITS = { targets: 100, exceptions: 500 } as const;

/** A custom voice endpoint, as the commands name it. */
export interface EndpointRef {
  resource: string;
  endpointId: string;
}

/** How a schedule names a target: an `ENDPOINT_ALIASES` alias, or the endpoint itself. */
export type ScheduleTargetSpec = { alias: string } | EndpointRef;

/** A local date range, both ends included. */
export interface LocalDateRange {
  from: string;
  to: string;
}

/** A local date (`2025-12-25`) or range on which the schedule does nothing. */
export type ScheduleException = string | LocalDateRange;

export interface ScheduleSpec {
  targets: ScheduleTargetSpec[];
  /** IANA name, canonical spelling (`Europe/Berlin`). */
  timeZone: string;
  /** Cron expressions in local time (5 fields, or 6 with seconds first). */
  suspendAt: string;
  resumeAt: string;
  exceptions: ScheduleException[];
  enabled: boolean;
}

/** What target checks need to know about the app's configuration. */
export interface TargetContext {
  aliases: EndpointAliases;
  isKnownResource(name: string): boolean;
  /** True while `ENDPOINT_ALIASES` is malformed (the aliases are empty then). */
  aliasesUnavailable?: boolean;
}

/** Issue codes carried in zod `params`, so the `400` says more than `InvalidValue`. */
type ScheduleIssueCode =
  'InvalidTimeZone' | 'InvalidCronExpression' | 'InvalidDate' | 'InvalidDateRange' | 'InvalidTarget';

function isRealDate(value: string): boolean {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const localDateSchema = z.string().refine(isRealDate, {
  message: 'must be a calendar date in the form YYYY-MM-DD',
  params: { code: 'InvalidDate' satisfies ScheduleIssueCode },
});

const dateRangeSchema = z
  .strictObject({ from: localDateSchema, to: localDateSchema })
  .refine((range) => range.from <= range.to, {
    message: "'to' must not be before 'from'",
    path: ['to'],
    params: { code: 'InvalidDateRange' satisfies ScheduleIssueCode },
  });

const timeZoneSchema = z.string().transform((name, ctx) => {
  const canonical = canonicalTimeZone(name);
  if (canonical === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `'${name.slice(0, 64)}' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)`,
      params: { code: 'InvalidTimeZone' satisfies ScheduleIssueCode },
    });
    return z.NEVER;
  }
  return canonical;
});

const cronSchema = z.string().transform((expression, ctx) => {
  try {
    const parsed = parseLocalCron(expression).expression;
    // Endpoints are suspended and resumed in minutes; more often is a mistake, and would make every
    // look at the schedule's firings 60 times the work.
    if (firesMoreThanOncePerMinute(parsed)) {
      throw new InvalidCronExpressionError(
        expression,
        'it fires more often than once a minute; give one second (e.g. 0) in the seconds field, or use 5 fields.',
      );
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof InvalidCronExpressionError)) throw error;
    ctx.addIssue({
      code: 'custom',
      message: error.message,
      params: { code: 'InvalidCronExpression' satisfies ScheduleIssueCode },
    });
    return z.NEVER;
  }
});

export const scheduleTargetSchema = z
  .strictObject({
    alias: z.string().min(1).max(63).optional(),
    kind: z.literal('customvoice-endpoint').optional(),
    resource: z.string().min(1).max(64).optional(),
    endpointId: z.string().regex(UUID_PATTERN).optional(),
  })
  .transform((target, ctx): ScheduleTargetSpec => {
    if (target.alias !== undefined) {
      if (target.resource !== undefined || target.endpointId !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['alias'],
          message: 'give either an alias or a resource and endpointId, not both',
          params: { code: 'InvalidTarget' satisfies ScheduleIssueCode },
        });
        return z.NEVER;
      }
      return { alias: target.alias.toLowerCase() };
    }
    if (target.resource === undefined || target.endpointId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [target.resource === undefined ? 'resource' : 'endpointId'],
        message: 'a target needs an alias, or a resource and an endpointId',
        params: { code: 'InvalidTarget' satisfies ScheduleIssueCode },
      });
      return z.NEVER;
    }
    return { resource: target.resource, endpointId: target.endpointId.toLowerCase() };
  });

/** The body of `PUT /api/schedules/{name}`; unknown fields are refused. */
export const scheduleSpecSchema = z.strictObject({
  targets: z.array(scheduleTargetSchema).min(1).max(SCHEDULE_LIMITS.targets),
  timeZone: timeZoneSchema,
  suspendAt: cronSchema,
  resumeAt: cronSchema,
  exceptions: z
    .array(z.union([localDateSchema, dateRangeSchema]))
    .max(SCHEDULE_LIMITS.exceptions)
    .default([]),
  enabled: z.boolean().default(true),
});

/**
 * Validates a schedule body against the schema and the app's configuration: every alias must be configured,
 * every resource known, no endpoint named twice. Throws `RequestRefusedError` naming the first bad field.
 */
export function parseScheduleSpec(body: unknown, context: TargetContext): ScheduleSpec {
  const spec = parseOrRefuse(scheduleSpecSchema, body);
  if (spec.suspendAt === spec.resumeAt) {
    throw invalidRequest('InvalidCronExpression', "'resumeAt' must differ from 'suspendAt'.", 'resumeAt');
  }
  checkTargets(spec.targets, context, 'targets');
  return spec;
}

/** Checks targets against the configuration; `field` prefixes the reported path (`targets.1.alias`). */
export function checkTargets(targets: ScheduleTargetSpec[], context: TargetContext, field: string): void {
  const seen = new Set<string>();
  targets.forEach((target, index) => {
    if ('alias' in target && context.aliasesUnavailable) {
      throw featureUnavailable('Endpoint aliases', ['ENDPOINT_ALIASES']);
    }
    const resolved = resolveTarget(target, context.aliases);
    if (!resolved) {
      throw invalidRequest(
        'UnknownAlias',
        `No endpoint alias '${'alias' in target ? target.alias : ''}' is configured in ENDPOINT_ALIASES.`,
        `${field}.${index}.alias`,
      );
    }
    if (!context.isKnownResource(resolved.resource)) {
      throw invalidRequest(
        'UnknownResource',
        `No AI resource named '${resolved.resource}' is configured.`,
        'alias' in target ? `${field}.${index}.alias` : `${field}.${index}.resource`,
      );
    }
    const key = targetKey(resolved);
    if (seen.has(key)) {
      throw invalidRequest('DuplicateTarget', 'This endpoint is already a target.', `${field}.${index}`);
    }
    seen.add(key);
  });
}

/** The endpoint a target names, or undefined when its alias is not configured. */
export function resolveTarget(target: ScheduleTargetSpec, aliases: EndpointAliases): EndpointRef | undefined {
  if (!('alias' in target)) return { resource: target.resource, endpointId: target.endpointId };
  const alias = aliases[target.alias];
  return alias ? { resource: alias.resource, endpointId: alias.endpointId.toLowerCase() } : undefined;
}

/** A stable key for an endpoint (endpoint ids compare case-insensitively). */
export function targetKey(target: EndpointRef): string {
  return `${target.resource}/${target.endpointId.toLowerCase()}`;
}

export function isExceptedDate(localDate: string, exceptions: readonly ScheduleException[]): boolean {
  return exceptions.some((exception) =>
    typeof exception === 'string'
      ? exception === localDate
      : exception.from <= localDate && localDate <= exception.to,
  );
}

/** `400 InvalidScheduleName` unless `name` can be a schedule name. */
export function checkScheduleName(name: string): string {
  if (!SCHEDULE_NAME_PATTERN.test(name)) {
    throw invalidRequest(
      'InvalidScheduleName',
      'A schedule name is 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit.',
      'name',
    );
  }
  return name;
}
