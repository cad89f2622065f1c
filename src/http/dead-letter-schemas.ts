import { z } from 'zod';
import { DEAD_LETTER_ENTITIES } from '../pipeline/dead-letter-view.js';

/**
 * The shapes of the dead-letter routes, in one plain module: the handlers validate with them and the
 * OpenAPI document can describe the routes from the same schemas.
 */

export const DEFAULT_DEAD_LETTER_PAGE = 50;
export const MAX_DEAD_LETTER_PAGE = 1000;

export const deadLetterEntitySchema = z.enum(DEAD_LETTER_ENTITIES);

/** `GET /api/deadletters?entity=&top=` */
export const deadLetterListQuerySchema = z.strictObject({
  entity: deadLetterEntitySchema,
  top: z.coerce.number().int().min(1).max(MAX_DEAD_LETTER_PAGE).default(DEFAULT_DEAD_LETTER_PAGE),
});

export const deadLetterSchema = z.object({
  entity: deadLetterEntitySchema,
  /** The message's sequence number in the dead-letter sub-queue: what replay takes. */
  id: z.string(),
  messageId: z.string(),
  reason: z.string(),
  description: z.string(),
  /** When the bus enqueued the message that was dead-lettered. */
  firstSeenDateTime: z.string(),
  deliveryCount: z.number().int(),
  subject: z.string().optional(),
  /** The message body with URLs cut to their origin and secret-looking fields left out. */
  body: z.unknown(),
});

export const deadLetterListSchema = z.object({ value: z.array(deadLetterSchema) });

/** `POST /api/deadletters/{entity}/{id}:replay` answers 202 with this. */
export const deadLetterReplaySchema = z.object({
  entity: deadLetterEntitySchema,
  id: z.string(),
  /** The id the message was sent back with (duplicate detection would drop the original id). */
  messageId: z.string(),
});
