import type { ReceivedMessage } from './bus.js';

/**
 * The trigger metadata a Node v4 handler sees for a Service Bus message. The Service Bus extension
 * names its binding data in PascalCase (`MessageId`, `ApplicationProperties`, ...), dates travel as
 * ISO text, and the Node library lower-cases the first letter of every key, nested keys too: a
 * property sent as `CommandType` arrives as `applicationProperties.commandType`. Building the host's
 * shape and then applying the same conversion keeps both hosts' handlers seeing the same thing.
 */
export function toTriggerMetadata(message: ReceivedMessage): Record<string, unknown> {
  const hostBindingData: Record<string, unknown> = {
    MessageId: message.messageId,
    DeliveryCount: message.deliveryCount,
    EnqueuedTimeUtc: message.enqueuedTime.toISOString(),
    ContentType: message.contentType,
    // Extension 5.x fills both: `Label` is the pre-5.x name of `Subject`.
    Label: message.subject,
    Subject: message.subject,
    LockToken: message.lockToken,
    SequenceNumber: message.sequenceNumber,
    ApplicationProperties: message.applicationProperties,
    // The older name for the same dictionary, still bound for functions written against it.
    UserProperties: message.applicationProperties,
  };
  const defined = Object.fromEntries(
    Object.entries(hostBindingData).filter(([, value]) => value !== undefined),
  );
  return lowerFirstLetterOfKeys(defined) as Record<string, unknown>;
}

/** What `@azure/functions` does to trigger metadata (its `toCamelCaseValue`). */
export function lowerFirstLetterOfKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerFirstLetterOfKeys);
  if (typeof value !== 'object' || value === null || value instanceof Date || Buffer.isBuffer(value))
    return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key.charAt(0).toLowerCase() + key.slice(1),
      lowerFirstLetterOfKeys(entry),
    ]),
  );
}
