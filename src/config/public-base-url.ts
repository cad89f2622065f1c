import { ConfigurationError, readOptionalString, type Env } from './env.js';

export const PUBLIC_BASE_URL = 'PUBLIC_BASE_URL';
/** Set by App Service on every instance: the app's default host name (`<app>.azurewebsites.net`). */
export const WEBSITE_HOSTNAME = 'WEBSITE_HOSTNAME';

/**
 * The base of the URLs the app hands out about itself (`Operation-Location`, `nextLink`): `PUBLIC_BASE_URL`
 * when set (a custom domain or a gateway, path prefix allowed), otherwise `https://<WEBSITE_HOSTNAME>` in
 * Azure, otherwise undefined (the standalone host builds request URLs on its own listening address).
 * Never the request's `Host` header, which the caller chooses. No trailing slash.
 */
export function readPublicBaseUrl(env: Env): string | undefined {
  const configured = readOptionalString(env, PUBLIC_BASE_URL);
  if (configured !== undefined) return checkedBaseUrl(configured);
  const hostName = readOptionalString(env, WEBSITE_HOSTNAME);
  return hostName === undefined ? undefined : `https://${hostName}`;
}

function checkedBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid();
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw invalid();
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function invalid(): ConfigurationError {
  return new ConfigurationError(
    PUBLIC_BASE_URL,
    `${PUBLIC_BASE_URL} must be an absolute http(s) URL without credentials, query or fragment, such as https://<host>/<optional prefix>.`,
  );
}

/** `path` (starting with `/api/`) on the public base URL, or on the origin of the URL the request came to. */
export function publicUrl(baseUrl: string | undefined, requestUrl: string, pathAndQuery: string): string {
  return `${baseUrl ?? new URL(requestUrl).origin}${pathAndQuery}`;
}
