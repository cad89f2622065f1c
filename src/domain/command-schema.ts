import { z } from 'zod';
import { OPERATION_ID_PATTERN } from '../shared/ids.js';
import {
  ACTIONS,
  REQUEST_SOURCES,
  type Action,
  type ReplyAddress,
  type RequestSource,
  type Target,
} from './operation.js';

/**
 * The one validated shape of a command: the HTTP body (`commandRequest`) and the queue message
 * (`commandMessage`) are built from the same target schemas, those of the operation kinds, so whatever the
 * API accepts the executor can read, and unknown fields are refused at both doors.
 */

/** `target.resource`: the name of a configured AI resource. */
export const resourceNameSchema = z.string().min(1).max(64);

/** What the command schemas need to know of an operation kind. */
export interface KindSchema {
  /** The `target.kind` it answers to. */
  name: string;
  /** A strict object schema with `kind: z.literal(name)` and `resource: resourceNameSchema`. */
  targetSchema: z.ZodType<Target>;
  /** The actions it can carry out (`status-check` follows something already running). */
  actions: readonly Action[];
}

export interface CommandRequest {
  action: Action;
  target: Target;
}

export interface CommandMessage extends CommandRequest {
  id: string;
  requestedBy: { source: RequestSource; principal?: string; replyTo?: ReplyAddress };
  requestedDateTime: string;
}

export interface CommandSchemas {
  /** Any target of any kind. */
  target: z.ZodType<Target>;
  /** `POST /api/commands`: each action with the targets of the kinds that carry it out. */
  commandRequest: z.ZodType<CommandRequest>;
  /** A command as it travels on the queue (see `Command`). */
  commandMessage: z.ZodType<CommandMessage>;
}

const replyAddressSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('slack'), responseUrl: z.url(), channelId: z.string().optional() }),
  z.strictObject({ kind: z.literal('teams'), conversationId: z.string().optional() }),
  z.strictObject({ kind: z.literal('webhook'), callbackUrl: z.url() }),
]);

type Discriminable = Parameters<typeof z.discriminatedUnion>[1][number];

/** One schema, or a union discriminated by `kind` when several kinds qualify. */
function unionOfTargets(schemas: readonly z.ZodType<Target>[]): z.ZodType<Target> {
  if (schemas.length === 1) return schemas[0]!;
  return z.discriminatedUnion(
    'kind',
    schemas as unknown as [Discriminable, ...Discriminable[]],
  ) as unknown as z.ZodType<Target>;
}

/** Builds the command schemas of a set of operation kinds. Pure. */
export function buildCommandSchemas(kinds: readonly KindSchema[]): CommandSchemas {
  if (kinds.length === 0) throw new Error('At least one operation kind is needed.');
  const target = unionOfTargets(kinds.map((kind) => kind.targetSchema));
  const requests = ACTIONS.flatMap((action) => {
    const schemas = kinds.filter((kind) => kind.actions.includes(action)).map((kind) => kind.targetSchema);
    return schemas.length === 0
      ? []
      : [z.strictObject({ action: z.literal(action), target: unionOfTargets(schemas) })];
  });
  const commandRequest = (requests.length === 1
    ? requests[0]!
    : z.discriminatedUnion(
        'action',
        requests as unknown as [Discriminable, ...Discriminable[]],
      )) as unknown as z.ZodType<CommandRequest>;
  const commandMessage = z.strictObject({
    id: z.string().regex(OPERATION_ID_PATTERN),
    action: z.enum(ACTIONS),
    target,
    requestedBy: z.strictObject({
      source: z.enum(REQUEST_SOURCES),
      principal: z.string().max(256).optional(),
      replyTo: replyAddressSchema.optional(),
    }),
    requestedDateTime: z.iso.datetime(),
  }) as unknown as z.ZodType<CommandMessage>;
  return { target, commandRequest, commandMessage };
}
