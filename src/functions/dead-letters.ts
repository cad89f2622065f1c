import type { GetServices } from '../composition/app-services.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import { ApiError } from '../http/api-error.js';
import { deadLetterEntitySchema, deadLetterListQuerySchema } from '../http/dead-letter-schemas.js';
import { withApiErrors } from '../http/handle-errors.js';
import { routeQuery } from '../http/route-query.js';
import type { HttpFunctionDefinition } from './definition.js';

/** `GET /api/deadletters?entity=commands|deliveries&top=`: the entity's dead letters, oldest first. */
export function listDeadLettersFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'listDeadLetters',
    methods: ['GET'],
    route: 'deadletters',
    handler: withApiErrors(async (request) => {
      const { entity, top } = parseOrRefuse(deadLetterListQuerySchema, routeQuery(request));
      const value = await (await getServices()).deadLetters.list(entity, top);
      return { status: 200, headers: { 'content-type': 'application/json' }, jsonBody: { value } };
    }),
  };
}

/**
 * `POST /api/deadletters/{entity}/{id}:replay`: sends the dead letter back to its queue and removes it
 * from the dead-letter sub-queue; `202` since what it leads to happens later, on the queue.
 */
export function replayDeadLetterFunction(getServices: GetServices): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'replayDeadLetter',
    methods: ['POST'],
    route: 'deadletters/{entity}/{id}:replay',
    handler: withApiErrors(async (request) => {
      const entity = deadLetterEntitySchema.safeParse(request.params.entity);
      const id = request.params.id ?? '';
      if (!entity.success) {
        throw new ApiError(
          'DeadLetterNotFound',
          `'${(request.params.entity ?? '').slice(0, 40)}' is not an entity with dead letters (commands, deliveries).`,
          'entity',
        );
      }
      const replayed = await (await getServices()).deadLetters.replay(entity.data, id);
      if (!replayed) {
        throw new ApiError(
          'DeadLetterNotFound',
          `No dead letter '${id.slice(0, 40)}' in ${entity.data}.`,
          'id',
        );
      }
      return { status: 202, headers: { 'content-type': 'application/json' }, jsonBody: replayed };
    }),
  };
}
