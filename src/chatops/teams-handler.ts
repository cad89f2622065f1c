import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ApiError } from '../http/api-error.js';
import { parseJson } from '../http/request-body.js';
import { parseCommandText } from './command-text.js';
import { CHATOPS_SETTINGS } from './config.js';
import type { GetChatOpsDeps } from './deps.js';
import { JSON_BODY, describeForLog, readSignedRequest, signedRequestCommandId } from './http-common.js';
import { outcomeText } from './messages.js';
import { operationIdOf, runChatCommand, type ChatOutcome } from './run-command.js';
import {
  TeamsPayloadError,
  assertFreshActivity,
  commandTextOfActivity,
  parseTeamsActivity,
  teamsCallerIds,
  teamsReply,
  verifyTeamsRequest,
  type TeamsActivity,
} from './teams.js';

export const TEAMS_ROUTE = 'webhooks/teams';

/**
 * `POST /api/webhooks/teams`: a Teams outgoing webhook (someone @mentioned the webhook). Answers
 * synchronously (Teams waits 5 seconds); completion notices go to `TEAMS_INCOMING_WEBHOOK_URL` later.
 */
export function createTeamsHandler(getDeps: GetChatOpsDeps) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const deps = await getDeps();
    const signed = await readSignedRequest(request, context, {
      route: TEAMS_ROUTE,
      setting: CHATOPS_SETTINGS.teamsWebhookSecret,
      secret: deps.config.teamsWebhookSecret,
      body: JSON_BODY,
      // Teams signs the body only: the signed activity's timestamp is checked as part of verification.
      verify: (securityToken, rawBody) => {
        verifyTeamsRequest({ securityToken, headers: request.headers, rawBody });
        const activity = parseActivity(rawBody);
        assertFreshActivity(activity, deps.clock.now());
        return activity;
      },
    });
    if (!signed.verified) return signed.response;
    const activity = signed.value;

    const principal = activity.from.aadObjectId ?? activity.from.id;
    let outcome: ChatOutcome;
    try {
      outcome = await runChatCommand(
        {
          platform: 'teams',
          command: parseCommandText(commandTextOfActivity(activity.text)),
          callerIds: teamsCallerIds(activity),
          requestedBy: { source: 'teams', principal },
          replyTo: { kind: 'teams', conversationId: activity.conversation.id },
          // Teams signs the body only, and the body carries the conversation and the send time.
          commandId: signedRequestCommandId('teams', signed.rawBody),
        },
        deps,
      );
    } catch (error) {
      context.error(
        `Teams command from ${principal} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return {
        status: 200,
        jsonBody: teamsReply('Sorry, the command could not be handled right now. Please try again.'),
      };
    }
    context.log(`Teams command from ${principal}: ${describeForLog(outcome.kind, operationIdOf(outcome))}.`);

    let text = outcomeText(outcome);
    if (outcome.kind === 'queued' && deps.config.teamsIncomingWebhookUrl === undefined) {
      text += `\n(No completion notice will follow: ${CHATOPS_SETTINGS.teamsIncomingWebhookUrl} is not set.)`;
    }
    return { status: 200, jsonBody: teamsReply(text) };
  };
}

function parseActivity(rawBody: Buffer): TeamsActivity {
  try {
    return parseTeamsActivity(parseJson(rawBody));
  } catch (error) {
    if (error instanceof TeamsPayloadError) throw new ApiError('InvalidActivity', error.message);
    throw error;
  }
}
