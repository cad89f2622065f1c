import { UUID_PATTERN, type RouteMatcher } from '../http/route.js';
import { jsonResponse, serviceError } from '../http/response.js';
import type { SimulatorContext } from '../state.js';
import { faceOperationBody } from './model.js';

const SERVICE = 'face' as const;

/** `/face/v1.0-preview/operations/{operationId}` (GET). Face has no api-version: it is in the path. */
export function faceRoutes(context: SimulatorContext): RouteMatcher {
  return (segments) => {
    if (segments.length !== 4 || segments[0] !== 'face' || segments[1] !== 'v1.0-preview') return undefined;
    if (segments[2] !== 'operations') return undefined;
    const id = segments[3] ?? '';
    return {
      service: SERVICE,
      methods: ['GET'],
      handle: (request) => {
        if (!UUID_PATTERN.test(id)) {
          return serviceError(SERVICE, 400, 'invalidInput', 'The operationId must be a UUID.');
        }
        const operation = context.state.faceOperations.get(id.toLowerCase());
        if (!operation) return serviceError(SERVICE, 404, 'notFound', `Operation ${id} was not found.`);
        return jsonResponse(200, faceOperationBody(operation, request.nowMs));
      },
    };
  };
}
