import { ServiceBusError } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { createBusFromEnv } from '../../src/bus/create-bus.js';
import { createLocalBus } from '../../src/bus/local-bus.js';
import { createServiceBusClient, serviceBusConnectionFromEnv } from '../../src/bus/service-bus-client.js';
import { redactSecrets, toBusError } from '../../src/bus/service-bus-errors.js';

// A well-formed but fictitious connection string: nothing here ever connects.
const SECRET = 'c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==';
const CONNECTION_STRING = `Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${SECRET}`;

describe('Service Bus connection settings', () => {
  it('reads a Functions-style connection string setting first', () => {
    expect(
      serviceBusConnectionFromEnv({
        ServiceBusConnection: CONNECTION_STRING,
        ServiceBusConnection__fullyQualifiedNamespace: 'other.servicebus.windows.net',
        SERVICEBUS_CONNECTION_STRING: 'ignored',
      }),
    ).toEqual({ connectionString: CONNECTION_STRING });
  });

  it('uses Entra ID for a namespace setting, with the managed identity client id when given', () => {
    const connection = serviceBusConnectionFromEnv({
      ServiceBusConnection__fullyQualifiedNamespace: 'sb://example.servicebus.windows.net/',
      ServiceBusConnection__clientId: '00000000-0000-0000-0000-000000000001',
    });
    expect(connection).toMatchObject({ fullyQualifiedNamespace: 'example.servicebus.windows.net' });
    // A DefaultAzureCredential that loads @azure/identity on its first token request (nothing here asks).
    const credential = connection && 'credential' in connection ? connection.credential : undefined;
    expect(typeof credential?.getToken).toBe('function');
  });

  it('honours another prefix, falls back to SERVICEBUS_CONNECTION_STRING, and is undefined when unset', () => {
    expect(serviceBusConnectionFromEnv({ Events: CONNECTION_STRING }, 'Events')).toEqual({
      connectionString: CONNECTION_STRING,
    });
    expect(serviceBusConnectionFromEnv({ SERVICEBUS_CONNECTION_STRING: CONNECTION_STRING })).toEqual({
      connectionString: CONNECTION_STRING,
    });
    expect(serviceBusConnectionFromEnv({ ServiceBusConnection: '  ' })).toBeUndefined();
  });
});

describe('choosing a bus', () => {
  it('uses the local factory when no connection is configured', async () => {
    const local = createLocalBus();
    const chosen = createBusFromEnv({}, { local: () => local });
    expect(chosen).toEqual({ bus: local, kind: 'local' });
    await local.close();
  });

  it('gives a local bus with the app entities by default', async () => {
    const { bus, kind } = createBusFromEnv({ COMMANDS_QUEUE: 'my-commands' });
    expect(kind).toBe('local');
    await expect(bus.createSender('my-commands').send({ messageId: 'x', body: {} })).resolves.toBeUndefined();
    await expect(
      bus.createSender('operation-events').send({ messageId: 'y', body: {} }),
    ).resolves.toBeUndefined();
    await bus.close();
  });

  it('uses Service Bus when a connection string is configured', async () => {
    const { bus, kind } = createBusFromEnv({ ServiceBusConnection: CONNECTION_STRING });
    expect(kind).toBe('servicebus');
    await bus.close();
  });
});

describe('Service Bus errors', () => {
  it('refuses a malformed connection string without repeating it', () => {
    const malformed = `SharedAccessKey=${SECRET}`;
    expect(() => createServiceBusClient({ connectionString: malformed })).toThrow(
      expect.objectContaining({ code: 'InvalidConfiguration', message: expect.not.stringContaining(SECRET) }),
    );
  });

  it('maps SDK codes to the port codes and removes keys from the text', () => {
    const error = toBusError(
      new ServiceBusError(`Entity not found. ${CONNECTION_STRING} TrackingId:abc`, 'MessagingEntityNotFound'),
      'send to',
      'commands',
    );
    expect(error).toMatchObject({ code: 'EntityNotFound', retryable: false });
    expect(error.message).toContain("'commands'");
    expect(error.message).toContain('TrackingId:abc');
    expect(error.message).not.toContain(SECRET);

    expect(toBusError(new ServiceBusError('busy', 'ServiceBusy'), 'receive from', 'q')).toMatchObject({
      code: 'Transient',
      retryable: true,
    });
  });

  it('redacts SAS tokens in every form they are quoted', () => {
    const text = redactSecrets(
      'SharedAccessSignature sr=x&sig=abc123%3D&se=1 and https://x.servicebus.windows.net/q?sig=zzz&se=2 and SharedAccessKey=k1;',
    );
    expect(text).not.toMatch(/abc123|zzz|k1/);
  });
});
