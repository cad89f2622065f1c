import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startStubServer, type StubServer } from '../clients/stub-server.js';
import { startEventTap, eventOf, type EventTap } from '../harness/event-tap.js';
import { finished, submitCommand } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { waitFor } from '../harness/wait-for.js';

/**
 * A service that echoes the key it was sent, not as it came but encoded (base64, base64url, hex), as some
 * gateways do in their "invalid key" messages. The encoded forms are the key too: none may reach the
 * operation's error, its completion event or the host's log.
 */
const KEY = 'stub-echo-key-6d2f91c04ab7e3';
const FACE_OPERATION_ID = 'a63a3bdd-a1db-4d05-87b8-dbad6850062a';
const encodings = {
  base64: Buffer.from(KEY).toString('base64'),
  base64url: Buffer.from(KEY).toString('base64url'),
  hex: Buffer.from(KEY).toString('hex'),
  HEX: Buffer.from(KEY).toString('hex').toUpperCase(),
};

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
  stub.answer((request, response) => {
    const sent = String(request.headers['ocp-apim-subscription-key'] ?? '');
    json(response, 401, {
      error: {
        code: 'Unauthorized',
        message:
          `Key ${Buffer.from(sent).toString('base64')} (hex ${Buffer.from(sent).toString('hex')}, ` +
          `HEX ${Buffer.from(sent).toString('hex').toUpperCase()}, url ${Buffer.from(sent).toString('base64url')}) ` +
          'is not valid for this resource.',
      },
    });
  });
});
afterAll(() => stub.close());

const testHost = useStandaloneHost({
  get env() {
    return {
      AI_RESOURCES: JSON.stringify({ echo: { endpoint: stub.url, auth: 'key' } }),
      AI_KEY_ECHO: KEY,
    };
  },
});

describe('a service answer that echoes the key encoded', () => {
  let tap: EventTap;
  beforeAll(() => {
    tap = startEventTap(testHost().host);
  });
  afterAll(() => tap.close());

  it('reaches neither the operation error, nor the event, nor the log, in any encoding', async () => {
    const host = testHost();
    const accepted = await submitCommand(host, {
      action: 'status-check',
      target: { kind: 'face-operation', resource: 'echo', operationId: FACE_OPERATION_ID },
    });
    const operation = await finished(host, accepted.id);
    expect(operation.status).toBe('Failed');
    // The service did answer, and the answer still says what went wrong.
    expect(stub.received.length).toBeGreaterThan(0);
    expect(operation.error?.message).toContain('is not valid for this resource');

    const [message] = await waitFor(
      () => {
        const events = tap.eventsFor(accepted.id);
        return events.length > 0 ? events : undefined;
      },
      { timeoutInMs: 30_000, what: 'the completion event' },
    );
    const seen = [JSON.stringify(operation), JSON.stringify(eventOf(message!)), host.logs.join('\n')];
    for (const text of seen) {
      expect(text).not.toContain(KEY);
      for (const [name, encoded] of Object.entries(encodings)) {
        expect(text, `${name} form of the key`).not.toContain(encoded);
      }
    }
  });
});
