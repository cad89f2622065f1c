import type { BusClient } from '../bus/bus.js';
import { toDeadLetterView, type DeadLetterEntity, type DeadLetterView } from './dead-letter-view.js';

export interface ReplayedDeadLetter {
  entity: DeadLetterEntity;
  id: string;
  messageId: string;
}

/** Lists and replays the dead letters of the app's queues, on whichever bus the app runs. */
export interface DeadLetterInbox {
  list(entity: DeadLetterEntity, top: number): Promise<DeadLetterView[]>;
  /** Undefined when the entity's dead-letter sub-queue has no message with that id. */
  replay(entity: DeadLetterEntity, id: string): Promise<ReplayedDeadLetter | undefined>;
}

/**
 * Properties a replay leaves out, per entity. A delivery starts its tries again (`attempt`), since the
 * operator replays it because the subscriber is back. A command keeps its `attempt`: its retries' ids
 * follow it, and ids its earlier tries used may still be in the duplicate-detection window.
 */
const RESET_ON_REPLAY: Readonly<Record<DeadLetterEntity, string[]>> = {
  commands: [],
  deliveries: ['attempt'],
};

export function createDeadLetterInbox(
  bus: BusClient,
  queues: Readonly<Record<DeadLetterEntity, string>>,
): DeadLetterInbox {
  return {
    list: async (entity, top) =>
      (await bus.peekDeadLetters(queues[entity], { maxMessageCount: top })).map((message) =>
        toDeadLetterView(entity, message),
      ),
    replay: async (entity, id) => {
      if (!/^\d{1,15}$/.test(id)) return undefined;
      const replayed = await bus.replayDeadLetter(queues[entity], Number(id), {
        dropProperties: RESET_ON_REPLAY[entity],
      });
      return replayed ? { entity, id, messageId: replayed.messageId } : undefined;
    },
  };
}
