/**
 * A status monitor URL a service handed back (`Operation-Location`), trusted only on the resource's own
 * origin: the same scheme, host and port as the configured endpoint. A monitor anywhere else would get the
 * resource's key or token sent to a host nobody configured, so callers fall back or refuse instead.
 */
export function isOnResourceHost(location: string, resourceEndpoint: string): boolean {
  let url: URL;
  let base: URL;
  try {
    url = new URL(location);
    base = new URL(resourceEndpoint);
  } catch {
    return false;
  }
  return (
    url.protocol === base.protocol &&
    url.host.toLowerCase() === base.host.toLowerCase() &&
    url.username === '' &&
    url.password === ''
  );
}
