import { AiServiceError } from '../../clients/errors.js';
import type { StatusReading } from '../../clients/types.js';
import { succeeded } from '../../domain/outcome.js';
import { defineKind, type KindSteps, type StartResult } from '../../engine/kind.js';
import { createCustomVoiceClient, type CustomVoiceClient } from './client.js';
import { endpointResult, interpretEndpointCheck, interpretEndpointTransition } from './interpret.js';
import type { CustomVoiceEndpoint, CustomVoiceOperation } from './schemas.js';
import { endpointStatusSatisfies } from './statuses.js';
import { ENDPOINT_KIND, customVoiceEndpointTargetSchema, type CustomVoiceEndpointTarget } from './target.js';

type Transition = 'suspend' | 'resume';

/**
 * A suspend or resume starts a custom voice operation under `Operation-Id` = the command id and is
 * followed through it (at the `Operation-Location` the service named); once it is over the endpoint is
 * read once for the result.
 */
function transitionSteps(
  action: Transition,
): KindSteps<CustomVoiceEndpointTarget, StatusReading<CustomVoiceOperation>> {
  return {
    findStarted: async ({ operationId, resource }) => {
      const status = await findOwnUpstreamOperation(createCustomVoiceClient(resource), operationId);
      return status === undefined ? undefined : { operationId, status };
    },
    async start({ target, operationId, resource, mayHaveStartedBefore }): Promise<StartResult> {
      const client = createCustomVoiceClient(resource);
      // Any earlier try of this command (a redelivery, a scheduled retry, a re-send by the poller, or a
      // twin message) may have reached the service before its record was written. On the first try of a
      // fresh command there is none to find, and the look-up would be a 404.
      if (mayHaveStartedBefore !== false) {
        const adopted = await findOwnUpstreamOperation(client, operationId);
        if (adopted) return { kind: 'started', upstream: { operationId, status: adopted } };
      }
      const endpoint = await client.getEndpoint(target.endpointId);
      if (endpointStatusSatisfies(action, endpoint.status)) {
        return {
          kind: 'settled',
          outcome: succeeded(endpoint.status, { ...endpointResult(endpoint), alreadyInDesiredState: true }),
        };
      }
      const start =
        action === 'suspend'
          ? await client.suspendEndpoint(target.endpointId, operationId)
          : await client.resumeEndpoint(target.endpointId, operationId);
      return {
        kind: 'started',
        upstream: {
          operationId: start.operationId,
          operationLocation: start.operationLocation,
          status: start.endpoint.status,
        },
        ...(start.retryAfterInMs !== undefined ? { retryAfterInMs: start.retryAfterInMs } : {}),
        // FastResume and HighPerformance endpoints resume in very different times.
        durationClass: endpoint.properties.kind,
      };
    },
    read: ({ upstream, operationId, resource }) =>
      createCustomVoiceClient(resource).followOperation(
        upstream?.operationLocation,
        upstream?.operationId ?? operationId,
      ),
    interpret: (reading) => interpretEndpointTransition(action, reading, undefined),
    complete: async (_outcome, reading, { target, resource }) =>
      interpretEndpointTransition(
        action,
        reading,
        await createCustomVoiceClient(resource).getEndpoint(target.endpointId),
      ),
  };
}

/** The status of the upstream operation this command started earlier, if there is one. */
async function findOwnUpstreamOperation(
  client: CustomVoiceClient,
  operationId: string,
): Promise<string | undefined> {
  try {
    return (await client.getOperation(operationId)).body.status;
  } catch (error) {
    if (error instanceof AiServiceError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/** A status check of an endpoint is done once the endpoint is settled. */
const checkSteps: KindSteps<CustomVoiceEndpointTarget, { endpoint: CustomVoiceEndpoint }> = {
  upstreamIdOf: (target) => target.endpointId,
  read: async ({ target, resource }) => ({
    endpoint: await createCustomVoiceClient(resource).getEndpoint(target.endpointId),
  }),
  interpret: ({ endpoint }) => interpretEndpointCheck(endpoint),
};

export const customVoiceEndpointKind = defineKind<CustomVoiceEndpointTarget>({
  name: ENDPOINT_KIND,
  targetSchema: customVoiceEndpointTargetSchema,
  describe: (target) => `endpoint ${target.endpointId}`,
  // One endpoint takes one transition at a time: a resume waits for the suspend before it.
  targetKey: (target) => `${ENDPOINT_KIND}/${target.resource}/${target.endpointId.toLowerCase()}`,
  actions: {
    suspend: transitionSteps('suspend'),
    resume: transitionSteps('resume'),
    'status-check': checkSteps,
  },
});
