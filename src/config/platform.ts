import { readOptionalString, type Env } from './env.js';

/**
 * Set by Azure App Service, and so by Azure Functions, on every instance; never set by us. Both are
 * checked, so that a plan which sets only one of them still counts as Azure.
 */
export const WEBSITE_INSTANCE_ID = 'WEBSITE_INSTANCE_ID';
export const WEBSITE_SITE_NAME = 'WEBSITE_SITE_NAME';

/**
 * Whether the app runs under the Functions host in Azure (App Service sets these on every instance).
 * There, a missing Service Bus or storage connection is an error: a local stand-in would accept commands
 * and lose them.
 */
export function runsUnderFunctionsHost(env: Env): boolean {
  return (
    readOptionalString(env, WEBSITE_INSTANCE_ID) !== undefined ||
    readOptionalString(env, WEBSITE_SITE_NAME) !== undefined
  );
}

/**
 * Whether caller-supplied webhook URLs (generic `callbackUrl`, Slack `response_url`,
 * `TEAMS_INCOMING_WEBHOOK_URL`, `EVENT_WEBHOOKS`) may be plain `http:` to a loopback host: only when the
 * app does not run in Azure App Service / Functions, where local receivers stand in for the real ones.
 * The one place that reads this from the environment; the URL policy receives the answer as an argument.
 */
export function loopbackAllowedFromEnv(env: Env): boolean {
  return (
    readOptionalString(env, WEBSITE_INSTANCE_ID) === undefined &&
    readOptionalString(env, WEBSITE_SITE_NAME) === undefined
  );
}
