import { createHmac } from 'node:crypto';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { createChatOpsFunctions } from '../../../src/functions/chatops.js';
import type { ChatOpsDeps } from '../../../src/chatops/deps.js';
import type { HttpFunctionDefinition } from '../../../src/functions/definition.js';
import { recordingContext } from './chatops-fixture.js';

export const APP_ORIGIN = 'https://cognitive-ops.example';

/** The registered HTTP definition for a route, as both hosts would see it. */
export function httpFunction(deps: ChatOpsDeps, route: string): HttpFunctionDefinition {
  const definition = createChatOpsFunctions(() => Promise.resolve(deps)).find(
    (candidate): candidate is HttpFunctionDefinition =>
      candidate.kind === 'http' && candidate.route === route,
  );
  if (!definition) throw new Error(`no function for ${route}`);
  return definition;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Everything a caller or an operator could read: the body and every log line. */
  visible: string;
  logs: string[];
}

/** Invokes the function with a real `HttpRequest` and `InvocationContext`. */
export async function post(
  deps: ChatOpsDeps,
  route: string,
  body: string,
  headers: Record<string, string>,
): Promise<Answer> {
  const definition = httpFunction(deps, route);
  const { context, lines } = recordingContext(definition.name);
  const request = new HttpRequest({
    method: 'POST',
    url: `${APP_ORIGIN}/api/${route}?code=function-key`,
    body: { string: body },
    headers,
  });
  const response: HttpResponseInit = await definition.handler(request, context);
  const responseHeaders = Object.fromEntries(
    Object.entries((response.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    status: response.status ?? 200,
    headers: responseHeaders,
    body: response.jsonBody,
    visible: `${JSON.stringify(response.jsonBody ?? response.body ?? '')}\n${lines.join('\n')}`,
    logs: lines,
  };
}

/** Slack's scheme computed here with node:crypto, independently of the implementation. */
export function slackHeaders(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signature,
  };
}

/** Teams' scheme computed here with node:crypto. */
export function teamsHeaders(token: string, body: string): Record<string, string> {
  const mac = createHmac('sha256', Buffer.from(token, 'base64')).update(body).digest('base64');
  return { 'content-type': 'application/json', authorization: `HMAC ${mac}` };
}

/** Standard Webhooks computed here with node:crypto. */
export function standardWebhookHeaders(
  secret: string,
  id: string,
  body: string,
  at: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T_TEAM',
    channel_id: 'C_OPS',
    user_id: 'U_ALICE',
    command: '/voice',
    text: '',
    response_url: 'https://hooks.slack.com/commands/T_TEAM/1/abc',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    ...fields,
  }).toString();
}
