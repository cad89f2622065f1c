import { isDeliverableUrl, type WebhookUrlPolicy } from '../../webhooks/url-policy.js';

/**
 * Which status monitor URLs an `azure-operation` may follow. Pure. The app sends the resource's key or
 * token to whatever URL it polls, so only the resource's own host is followed, and only over `https`
 * (plain `http` to a loopback host where the webhook URL policy allows it: outside Azure, for the
 * simulator). The scheme rule is the webhooks' rule (`isDeliverableUrl`), not a copy of it.
 */

/** Longer than this (UTF-8 bytes) is refused: no real status monitor URL comes close. */
export const MAX_OPERATION_LOCATION_BYTES = 2048;

export const OPERATION_LOCATION_REFUSALS = {
  TooLong: 'OperationLocationTooLong',
  NotAUrl: 'InvalidOperationLocation',
  HasCredentials: 'OperationLocationHasCredentials',
  HasFragment: 'OperationLocationHasFragment',
  NotHttps: 'OperationLocationNotHttps',
  NotOnResource: 'OperationLocationNotOnResource',
} as const;
export type OperationLocationRefusal =
  (typeof OPERATION_LOCATION_REFUSALS)[keyof typeof OPERATION_LOCATION_REFUSALS];

export type OperationLocationCheck =
  { ok: true; url: URL } | { ok: false; code: OperationLocationRefusal; message: string };

/**
 * Checks `operationLocation` against the configured endpoint of the resource it names. Messages name a
 * scheme and host at most, never the path or query (which may carry tokens).
 */
export function checkOperationLocation(
  operationLocation: string,
  resourceEndpoint: string,
  policy: WebhookUrlPolicy,
): OperationLocationCheck {
  const refuse = (code: OperationLocationRefusal, message: string): OperationLocationCheck => ({
    ok: false,
    code,
    message,
  });
  if (new TextEncoder().encode(operationLocation).length > MAX_OPERATION_LOCATION_BYTES) {
    return refuse(
      OPERATION_LOCATION_REFUSALS.TooLong,
      `operationLocation must be at most ${MAX_OPERATION_LOCATION_BYTES} bytes.`,
    );
  }
  let url: URL;
  try {
    url = new URL(operationLocation);
  } catch {
    return refuse(OPERATION_LOCATION_REFUSALS.NotAUrl, 'operationLocation must be an absolute URL.');
  }
  if (url.username !== '' || url.password !== '') {
    return refuse(
      OPERATION_LOCATION_REFUSALS.HasCredentials,
      'operationLocation must not carry credentials.',
    );
  }
  // Any '#', even an empty fragment: the status monitor the service named has none.
  if (operationLocation.includes('#')) {
    return refuse(OPERATION_LOCATION_REFUSALS.HasFragment, 'operationLocation must not have a fragment.');
  }
  if (!isDeliverableUrl(url.href, policy)) {
    return refuse(
      OPERATION_LOCATION_REFUSALS.NotHttps,
      policy.allowLoopbackHttp
        ? `operationLocation must be https (plain http only to a loopback host); refused ${url.protocol}//${url.host}.`
        : `operationLocation must be https; refused ${url.protocol}//${url.host}.`,
    );
  }
  const resourceHost = new URL(resourceEndpoint).host;
  if (url.host !== resourceHost) {
    return refuse(
      OPERATION_LOCATION_REFUSALS.NotOnResource,
      `operationLocation must be on the resource's own host ${resourceHost}; refused ${url.host}.`,
    );
  }
  return { ok: true, url };
}
