import type { HttpClient } from '@azure/core-rest-pipeline';
import { parseRetryAfterInMs } from '../shared/retry-after.js';
import type { CallPriority } from './request-budget.js';
import type { AiResource } from './types.js';

export type PacedStep =
  | {
      admitted: true;
      /** The resource to make the step's calls through: every request is counted, every 429 holds back. */
      resource: AiResource;
      /** Call once the step is over, however it ended. */
      end(): void;
    }
  | { admitted: false; notBefore: Date; reason: 'budget' | 'held-back' };

/**
 * Asks the resource's budget whether one step (a start, a status look) may call it now. Admitted, the
 * step gets the resource with a counting HTTP client beneath the pipeline: each request that leaves (an
 * inline retry too) is charged beyond what the admission prepaid, and a 429 holds back every call to the
 * resource for its `Retry-After`, whoever makes it next.
 */
export function beginPacedStep(resource: AiResource, priority: CallPriority, now: () => Date): PacedStep {
  const budget = resource.budget;
  const admission = budget.admit(priority, now().getTime());
  if (!admission.admitted) {
    return { admitted: false, notBefore: new Date(admission.notBeforeMs), reason: admission.reason };
  }
  let made = 0;
  const inner = resource.pipeline.httpClient;
  const httpClient: HttpClient = {
    async sendRequest(request) {
      made += 1;
      if (made > admission.prepaid) budget.charge(1, now().getTime());
      const response = await inner.sendRequest(request);
      if (response.status === 429) {
        const at = now();
        budget.throttled(at.getTime(), parseRetryAfterInMs(response.headers, at));
      } else {
        budget.answered();
      }
      return response;
    },
  };
  return {
    admitted: true,
    resource: { ...resource, pipeline: { ...resource.pipeline, httpClient } },
    end: () => budget.settle(priority, admission.prepaid, made, now().getTime()),
  };
}
