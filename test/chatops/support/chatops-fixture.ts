import { InvocationContext } from '@azure/functions';
import type { EndpointAliases } from '../../../src/config/aliases.js';
import type { Command } from '../../../src/domain/command.js';
import type { CommandQueue } from '../../../src/pipeline/ports.js';
import { createSubmitCommand } from '../../../src/pipeline/submit-command.js';
import type { ChatOpsConfig } from '../../../src/chatops/config.js';
import type { ChatOpsDeps } from '../../../src/chatops/deps.js';
import type { Clock } from '../../../src/shared/clock.js';
import type { WebhookUrlPolicy } from '../../../src/webhooks/url-policy.js';
import { MemoryOperationStore } from './memory-operation-store.js';

export const JESSICA_ENDPOINT_ID = '9f50c644-2121-40e9-9ea7-544e48bfe3cb';
export const ALIASES: EndpointAliases = {
  jessica: { resource: 'simulator', endpointId: JESSICA_ENDPOINT_ID },
  guy: { resource: 'simulator', endpointId: '0b4f3a52-4d1c-4b55-9a8c-5a2d9e7c1f00' },
};

/** A queue that only records what would have been enqueued. */
export class RecordingQueue implements CommandQueue {
  readonly sent: Command[] = [];
  send(command: Command): Promise<void> {
    this.sent.push(structuredClone(command));
    return Promise.resolve();
  }
}

export function fixedClock(at: Date): Clock & { set(at: Date): void } {
  let now = at;
  return { now: () => now, set: (next) => (now = next) };
}

/** Outside Azure (no `WEBSITE_INSTANCE_ID`): the local receivers of the tests may be plain http. */
export const OUTSIDE_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: true };

/**
 * Chat-ops dependencies around the real submit use case, an in-memory store and a recording queue:
 * what the tests assert is what would really be recorded and enqueued.
 */
export function createFixture(config: ChatOpsConfig, now: Date, webhookUrlPolicy = OUTSIDE_AZURE) {
  const operations = new MemoryOperationStore();
  const queue = new RecordingQueue();
  const clock = fixedClock(now);
  const submit = createSubmitCommand({
    operations,
    commands: queue,
    clock,
    timings: { statusCheckIntervalInMs: 5_000, recoveryDelayInMs: 60_000, operationTimeoutInMs: 3_600_000 },
    resourceNames: () => ['simulator'],
  });
  const deps: ChatOpsDeps = {
    config,
    aliases: ALIASES,
    submit,
    operations,
    clock,
    webhookUrlPolicy,
    replyDelivery: {
      maxAttempts: 3,
      baseDelayInMs: 5,
      maxDelayInMs: 20,
      maxRetryAfterInMs: 20,
      timeoutInMs: 2_000,
    },
  };
  return { deps, operations, queue, clock, getDeps: () => Promise.resolve(deps) };
}

/** A real InvocationContext whose log lines are kept for assertions. */
export function recordingContext(functionName: string): { context: InvocationContext; lines: string[] } {
  const lines: string[] = [];
  const context = new InvocationContext({
    functionName,
    logHandler: (level, ...args) => lines.push(`${level}: ${args.map(String).join(' ')}`),
  });
  return { context, lines };
}
