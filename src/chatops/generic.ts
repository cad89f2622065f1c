import { z } from 'zod';
import {
  customVoiceEndpointTargetSchema,
  type CustomVoiceEndpointTarget,
} from '../kinds/customvoice/target.js';
import type { ChatCommand } from './command-text.js';

/**
 * The generic webhook's JSON body: `{ "action", "alias" | "target", "callbackUrl"?, "user"? }`.
 * `target` is an alias (or, for `status`, an operation id) or an explicit custom voice endpoint target.
 */
export const genericWebhookBodySchema = z
  .strictObject({
    action: z.enum(['suspend', 'resume', 'status', 'status-check']),
    alias: z.string().trim().min(1).max(128).optional(),
    target: z.union([z.string().trim().min(1).max(128), customVoiceEndpointTargetSchema]).optional(),
    /** Where the completion event is POSTed, signed with `WEBHOOK_SECRET`. */
    callbackUrl: z.url().optional(),
    /** Who asked, checked against `CHATOPS_ALLOWED.generic` and recorded as the principal. */
    user: z.string().trim().min(1).max(256).optional(),
  })
  .refine((body) => (body.alias === undefined) !== (body.target === undefined), {
    message: "give exactly one of 'alias' and 'target'",
    path: ['target'],
  });

export type GenericWebhookBody = z.infer<typeof genericWebhookBodySchema>;

export interface GenericCommand {
  command: ChatCommand;
  explicitTarget?: CustomVoiceEndpointTarget;
}

/** The body as the shared chat command (`status-check` is accepted as a synonym of `status`). */
export function genericCommandOf(body: GenericWebhookBody): GenericCommand {
  const verb = body.action === 'status-check' ? 'status' : body.action;
  const named = body.alias ?? body.target;
  if (typeof named === 'object') {
    // The verb's argument is unused with an explicit target; the target itself is the subject.
    return {
      command: verb === 'status' ? { verb, subject: named.endpointId } : { verb, alias: named.endpointId },
      explicitTarget: named,
    };
  }
  const name = named ?? '';
  return { command: verb === 'status' ? { verb, subject: name } : { verb, alias: name.toLowerCase() } };
}
