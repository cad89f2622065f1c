import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ApiError, errorResponse } from '../http/api-error.js';
import { parseCommandText } from './command-text.js';
import { CHATOPS_SETTINGS } from './config.js';
import type { GetChatOpsDeps } from './deps.js';
import { FORM_BODY, describeForLog, readSignedRequest, signedRequestCommandId } from './http-common.js';
import { outcomeText } from './messages.js';
import { operationIdOf, runChatCommand, type ChatOutcome } from './run-command.js';
import {
  SLACK_HEADERS,
  SlackPayloadError,
  isSlackSslCheck,
  isSlackResponseUrl,
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
    const signed = await readSignedRequest(request, context, {
      route: SLACK_ROUTE,
      setting: CHATOPS_SETTINGS.slackSigningSecret,
      secret: deps.config.slackSigningSecret,
      body: FORM_BODY,
      verify: (signingSecret, rawBody) =>
        verifySlackRequest({ signingSecret, headers: request.headers, rawBody, now: deps.clock.now() }),
      // Slack checks the certificate of a newly configured URL with `ssl_check=1`, signed or not, maybe
      // before the signing secret is set: acknowledge it, and run nothing.
      acknowledge: (rawBody) => (isSlackSslCheck(rawBody.toString('utf8')) ? { status: 200 } : undefined),
    });
    if (!signed.verified) return signed.response;

    let slash: SlackSlashCommand;
    try {
      slash = parseSlackSlashCommand(signed.rawBody.toString('utf8'));
    } catch (error) {
      if (error instanceof SlackPayloadError) {
        return errorResponse(new ApiError('InvalidSlashCommand', error.message));
      }
      throw error;
    }

    // Slack only sends https://hooks.slack.com/ response_urls; in Azure nothing else becomes a reply address.
    const replyable = isSlackResponseUrl(slash.responseUrl, deps.webhookUrlPolicy);
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
          commandId: signedRequestCommandId(
            'slack',
            request.headers.get(SLACK_HEADERS.timestamp) ?? '',
            signed.rawBody,
          ),
        },
        deps,
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
