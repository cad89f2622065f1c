/**
 * Reading the few facts we act on out of the Table SDK's `RestError`, without depending on its class
 * (errors from a transaction and from a single call differ in shape).
 */

export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/**
 * Which action of an entity-group transaction failed: the service starts the message with
 * `"{index}:"` (Azure and Azurite alike). Undefined when the message does not say.
 */
export function failedActionIndex(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /^(\d+):/.exec(error.message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
