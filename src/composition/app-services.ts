import type { ChatOpsDeps } from '../chatops/deps.js';
import type { AiResourceRegistry } from '../clients/types.js';
import type { EndpointAliases } from '../config/aliases.js';
import type { CoreSettings } from '../config/core-settings.js';
import type { LifecycleTimings } from '../domain/lifecycle.js';
import type { DurationHistory } from '../engine/duration-history.js';
import type { KindRegistry } from '../engine/kind-registry.js';
import type { PollingPolicy } from '../engine/next-look.js';
import type { DeadLetterInbox } from '../pipeline/dead-letters.js';
import type {
  CommandQueue,
  DeliveryQueue,
  EventPublisher,
  LookQueue,
  SubmitCommand,
} from '../pipeline/ports.js';
import type { ScheduleDeps } from '../schedules/deps.js';
import type { Clock } from '../shared/clock.js';
import type { FeatureProblems } from './features.js';
import type { OperationStore } from '../storage/operation-store.js';
import type { WebhookUrlPolicy } from '../webhooks/url-policy.js';

/**
 * Everything the function handlers need, built once per process by `createAppServices` (Azure) or by the
 * standalone host. Handlers receive a getter, so registration at module load stays free of I/O.
 */
export interface AppServices {
  settings: CoreSettings;
  /** Where outbound webhooks may go in this environment (plain-http loopback only outside Azure). */
  webhookUrlPolicy: WebhookUrlPolicy;
  clock: Clock;
  timings: LifecycleTimings;
  operations: OperationStore;
  commands: CommandQueue;
  /** Scheduled look messages (on the commands queue): each look at a running operation at its time. */
  looks: LookQueue;
  /** Observed operation durations, which the next-look rule goes by. */
  durations: DurationHistory;
  polling: PollingPolicy;
  events: EventPublisher;
  /** The `deliveries` queue: one message per event and webhook subscriber. */
  deliveries: DeliveryQueue;
  /** The dead letters of the commands and deliveries queues, to list and replay. */
  deadLetters: DeadLetterInbox;
  ai: AiResourceRegistry;
  /** The operation kinds (`src/kinds/index.ts`): how the engine reads and follows each target. */
  kinds: KindRegistry;
  aliases: EndpointAliases;
  submit: SubmitCommand;
  /** Optional features switched off by a malformed setting; empty when all are on. */
  features: FeatureProblems;
  /** Each throws when its dependency cannot be reached. */
  health: { storage(): Promise<void>; bus(): Promise<void> };
  schedules: ScheduleDeps;
  chatOps: ChatOpsDeps;
}

export type GetServices = () => Promise<AppServices>;
