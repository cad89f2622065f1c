import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { acceptedResponse } from '../http/accepted-response.js';
import { ApiError, apiErrorOf, errorResponse } from '../http/api-error.js';
import { parseJson } from '../http/request-body.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import { deterministicId } from '../shared/ids.js';
import { verifyStandardWebhook } from '../webhooks/standard-webhooks.js';
import { deliverableUrlRule, isDeliverableUrl } from '../webhooks/url-policy.js';
import { CHATOPS_SETTINGS } from './config.js';
import type { GetChatOpsDeps } from './deps.js';
import { genericCommandOf, genericWebhookBodySchema } from './generic.js';
import { JSON_BODY, describeForLog, readSignedRequest } from './http-common.js';
import { outcomeText } from './messages.js';
import { operationIdOf, runChatCommand, type ChatOutcome } from './run-command.js';

export const GENERIC_ROUTE = 'webhooks/generic';

/**
 * `POST /api/webhooks/generic`: a command from any system that signs per Standard Webhooks with
 * `WEBHOOK_SECRET`. The `webhook-id` is the idempotency key: a re-sent webhook gets the same operation.
 * Answers like `POST /api/commands` (`202`, `Operation-Id`, `Operation-Location`, the operation).
 */
export function createGenericHandler(getDeps: GetChatOpsDeps) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const deps = await getDeps();
    const signed = await readSignedRequest(request, context, {
      route: GENERIC_ROUTE,
      setting: CHATOPS_SETTINGS.webhookSecret,
      secret: deps.config.webhookSecret,
      body: JSON_BODY,
      verify: (secret, rawBody) =>
        verifyStandardWebhook({ secret, headers: request.headers, rawBody, now: deps.clock.now() }).id,
    });
    if (!signed.verified) return signed.response;
    const webhookId = signed.value;

    const body = parseOrRefuse(genericWebhookBodySchema, parseJson(signed.rawBody));
    if (body.callbackUrl !== undefined && !isDeliverableUrl(body.callbackUrl, deps.webhookUrlPolicy)) {
      throw new ApiError(
        'InvalidCallbackUrl',
        `callbackUrl must be ${deliverableUrlRule(deps.webhookUrlPolicy)}.`,
        'callbackUrl',
      );
    }

    const { command, explicitTarget } = genericCommandOf(body);
    const outcome = await runChatCommand(
      {
        platform: 'generic',
        command,
        callerIds: body.user ? [body.user] : [],
        requestedBy: { source: 'webhook', principal: body.user ?? webhookId },
        ...(body.callbackUrl ? { replyTo: { kind: 'webhook', callbackUrl: body.callbackUrl } } : {}),
        commandId: deterministicId('webhook', webhookId),
        ...(explicitTarget ? { explicitTarget } : {}),
      },
      deps,
    );
    context.log(`Generic webhook ${webhookId}: ${describeForLog(outcome.kind, operationIdOf(outcome))}.`);
    return genericResponse(deps.publicBaseUrl, request, outcome);
  };
}

function genericResponse(
  baseUrl: string | undefined,
  request: HttpRequest,
  outcome: ChatOutcome,
): HttpResponseInit {
  switch (outcome.kind) {
    case 'queued':
      return acceptedResponse(baseUrl, request, outcome.operation);
    case 'operation-status':
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        jsonBody: outcome.operation,
      };
    case 'refused':
      return errorResponse(new ApiError('Forbidden', outcomeText(outcome)));
    case 'unknown-alias':
      return errorResponse(new ApiError('UnknownAlias', outcomeText(outcome), 'alias'));
    case 'not-accepted':
      return errorResponse(apiErrorOf(outcome.error));
    case 'help':
      // The schema admits only known actions; kept for completeness of the switch.
      return errorResponse(new ApiError('UnknownAction', outcomeText(outcome), 'action'));
  }
}
