import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ApiError, errorResponse } from '../http/api-error.js';
import { readRawBody } from '../http/request-body.js';
import { deterministicId } from '../shared/ids.js';
import { isDeliverableUrl } from '../webhooks/url-policy.js';
import { WebhookVerificationError } from '../webhooks/verification-error.js';
import { parseCommandText } from './command-text.js';
import { CHATOPS_SETTINGS } from './config.js';
import type { GetChatOpsDeps } from './deps.js';
import {
  FORM_CONTENT_TYPE,
  describeForLog,
  notConfiguredResponse,
  requireContentType,
  verificationFailedResponse,
} from './http-common.js';
import { outcomeText } from './messages.js';
import { operationIdOf, runChatCommand, type ChatOutcome } from './run-command.js';
import {
  SlackPayloadError,
  parseSlackSlashCommand,
  slackAcknowledgement,
  verifySlackRequest,
  type SlackSlashCommand,
} from './slack.js';

export const SLACK_ROUTE = 'webhooks/slack';

/**
 * `POST /api/webhooks/slack`: a slash command. Answers at once (Slack waits 3 seconds) with an ephemeral
 * message naming the operation; the `response_url` becomes the command's reply address.
 */
export function createSlackHandler(getDeps: GetChatOpsDeps) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const deps = await getDeps();
    const signingSecret = deps.config.slackSigningSecret;
    if (signingSecret === undefined) {
      return notConfiguredResponse(CHATOPS_SETTINGS.slackSigningSecret, `/api/${SLACK_ROUTE}`, context);
    }
    requireContentType(
      request,
      FORM_CONTENT_TYPE,
      "a form ('Content-Type: application/x-www-form-urlencoded')",
    );
    const rawBody = await readRawBody(request);
    try {
      verifySlackRequest({ signingSecret, headers: request.headers, rawBody, now: deps.clock.now() });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        return verificationFailedResponse(error, `/api/${SLACK_ROUTE}`, context);
      }
      throw error;
    }

    let slash: SlackSlashCommand;
    try {
      slash = parseSlackSlashCommand(rawBody.toString('utf8'));
    } catch (error) {
      if (error instanceof SlackPayloadError) {
        return errorResponse(new ApiError(400, 'InvalidSlashCommand', error.message));
      }
      throw error;
    }

    // Slack always sends an https response_url; anything else is kept out of the reply address.
    const replyable = isDeliverableUrl(slash.responseUrl);
    if (!replyable) context.warn('Slack command: the response_url is not deliverable; no completion notice.');

    let outcome: ChatOutcome;
    try {
      outcome = await runChatCommand(
        {
          platform: 'slack',
          command: parseCommandText(slash.text),
          callerIds: [slash.userId, slash.channelId],
          requestedBy: { source: 'slack', principal: slash.userId },
          ...(replyable
            ? { replyTo: { kind: 'slack', responseUrl: slash.responseUrl, channelId: slash.channelId } }
            : {}),
          ...(slash.triggerId
            ? { commandId: deterministicId('slack', slash.teamId ?? '', slash.triggerId) }
            : {}),
        },
        {
          permissions: deps.config.permissions,
          aliases: deps.aliases,
          submit: deps.submit,
          operations: deps.operations,
        },
      );
    } catch (error) {
      // Slack shows a bare "failed" for a 5xx; a sentence is more use to the person who typed.
      context.error(
        `Slack command from ${slash.userId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return {
        status: 200,
        jsonBody: slackAcknowledgement(
          'Sorry, the command could not be handled right now. Please try again.',
        ),
      };
    }
    context.log(
      `Slack command from ${slash.userId} in ${slash.channelId}: ${describeForLog(outcome.kind, operationIdOf(outcome))}.`,
    );
    return { status: 200, jsonBody: slackAcknowledgement(outcomeText(outcome)) };
  };
}
