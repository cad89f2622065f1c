import { describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../src/bus/bus.js';
import { toTriggerMetadata } from '../../src/bus/trigger-metadata.js';

const enqueuedTime = new Date('2025-03-01T08:30:00.000Z');
const message: ReceivedMessage = {
  messageId: 'c0ffee00-0000-4000-8000-000000000001',
  body: { action: 'suspend' },
  contentType: 'application/json',
  subject: 'suspend',
  applicationProperties: { CommandType: 'suspend', TargetKind: 'customvoice-endpoint', attempt: 2 },
  deliveryCount: 3,
  enqueuedTime,
  lockToken: 'lock-1',
  sequenceNumber: 42,
};

describe('trigger metadata', () => {
  it('lower-cases the first letter of application property names, as the Node worker does', () => {
    const metadata = toTriggerMetadata(message);
    expect(metadata.applicationProperties).toEqual({
      commandType: 'suspend',
      targetKind: 'customvoice-endpoint',
      attempt: 2,
    });
    expect(metadata.userProperties).toEqual(metadata.applicationProperties);
  });

  it('gives the system properties under the names a Functions handler reads', () => {
    expect(toTriggerMetadata(message)).toMatchObject({
      messageId: message.messageId,
      deliveryCount: 3,
      enqueuedTimeUtc: enqueuedTime.toISOString(),
      contentType: 'application/json',
      label: 'suspend',
      subject: 'suspend',
      lockToken: 'lock-1',
      sequenceNumber: 42,
    });
  });

  it('leaves out what the message does not have, and no key starts with a capital', () => {
    const bare: ReceivedMessage = {
      messageId: 'm',
      body: null,
      applicationProperties: {},
      deliveryCount: 1,
      enqueuedTime,
    };
    const metadata = toTriggerMetadata(bare);
    expect(metadata).not.toHaveProperty('contentType');
    expect(metadata).not.toHaveProperty('label');
    expect(Object.keys(metadata).filter((key) => /^[A-Z]/.test(key))).toEqual([]);
  });
});
