import { DEFAULT_EVENTS_TOPIC, EVENT_SUBSCRIPTIONS } from '../config/names.js';
import type { FunctionDefinition } from './definition.js';
import { withApiErrors } from '../http/handle-errors.js';
import type { GetChatOpsDeps } from '../chatops/deps.js';
import { GENERIC_ROUTE, createGenericHandler } from '../chatops/generic-handler.js';
import { replyToCompletion } from '../chatops/reply-subscriber.js';
import { SLACK_ROUTE, createSlackHandler } from '../chatops/slack-handler.js';
import { TEAMS_ROUTE, createTeamsHandler } from '../chatops/teams-handler.js';

/**
 * The chat-ops functions: three signed inbound webhooks and the subscriber that posts completion
 * notices. Registrations only; the work is in the handlers and the plain modules beside them.
 */
export function createChatOpsFunctions(
  getDeps: GetChatOpsDeps,
  getReplyDeps: GetChatOpsDeps = getDeps,
): FunctionDefinition[] {
  return [
    {
      kind: 'http',
      name: 'slackWebhook',
      methods: ['POST'],
      route: SLACK_ROUTE,
      handler: withApiErrors(createSlackHandler(getDeps)),
    },
    {
      kind: 'http',
      name: 'teamsWebhook',
      methods: ['POST'],
      route: TEAMS_ROUTE,
      handler: withApiErrors(createTeamsHandler(getDeps)),
    },
    {
      kind: 'http',
      name: 'genericWebhook',
      methods: ['POST'],
      route: GENERIC_ROUTE,
      handler: withApiErrors(createGenericHandler(getDeps)),
    },
    {
      kind: 'serviceBusTopic',
      name: 'chatReplies',
      topicSetting: 'EVENTS_TOPIC',
      defaultTopic: DEFAULT_EVENTS_TOPIC,
      subscription: EVENT_SUBSCRIPTIONS.chatReplies,
      handler: async (message, context) => replyToCompletion(message, await getReplyDeps(), context),
    },
  ];
}
