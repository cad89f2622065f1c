import { AiServiceError } from '../clients/errors.js';
import type { UpstreamState } from '../domain/operation.js';
import type { KindContext, KindSteps } from './kind.js';

/**
 * The upstream operation an earlier try of this command started, looked for once more before the command
 * is given up: a start whose 202 was lost (and whose retry met a 503) did reach the service, and the
 * endpoint is moving. A look that fails too proves nothing, so the command is given up as before.
 */
export async function findOwnUpstream(
  steps: KindSteps,
  context: KindContext,
): Promise<UpstreamState | undefined> {
  if (!steps.findStarted) return undefined;
  try {
    return await steps.findStarted(context);
  } catch (error) {
    if (error instanceof AiServiceError) return undefined;
    throw error;
  }
}
