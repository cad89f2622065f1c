import { describe, expect, it } from 'vitest';
import { readCoreSettings } from '../../src/config/core-settings.js';
import { ConfigurationError } from '../../src/config/env.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function webhooksError(value: unknown): ConfigurationError | undefined {
  try {
    readCoreSettings({ EVENT_WEBHOOKS: JSON.stringify(value) });
    return undefined;
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
}

describe('EVENT_WEBHOOKS', () => {
  it('accepts https subscribers with a Standard Webhooks secret and loopback http for local receivers', () => {
    const settings = readCoreSettings({
      EVENT_WEBHOOKS: JSON.stringify([
        { url: 'https://hooks.example.org/ops', secret: SECRET, types: ['CognitiveOps.Operation.Failed'] },
        { url: 'http://127.0.0.1:9000/events' },
      ]),
    });
    expect(settings.eventWebhooks).toHaveLength(2);
  });

  it('refuses at start-up what could never be delivered, naming the place but not the value', () => {
    const cases = [
      [{ url: 'http://hooks.example.org/ops' }],
      [{ url: 'https://user:pass@hooks.example.org/ops' }],
      [{ url: 'https://hooks.example.org/ops', secret: 'whsec_a=b' }],
      [{ url: 'https://hooks.example.org/ops', secret: 'not-a-whsec-secret' }],
      [{ url: 'https://hooks.example.org/ops', extra: true }],
    ];
    for (const value of cases) {
      const error = webhooksError(value);
      expect(error, JSON.stringify(value)).toBeInstanceOf(ConfigurationError);
      expect(error?.setting).toBe('EVENT_WEBHOOKS');
      expect(error?.message).not.toContain('pass@');
      expect(error?.message).not.toContain('whsec_a=b');
    }
  });

  it('defaults to no subscribers and the documented numbers', () => {
    const settings = readCoreSettings({});
    expect(settings.eventWebhooks).toEqual([]);
    expect(settings.commandsQueue).toBe('commands');
    expect(settings.eventsTopic).toBe('operation-events');
    expect(() => readCoreSettings({ POLLER_BATCH_SIZE: '0' })).toThrow(
      /POLLER_BATCH_SIZE must be a positive whole number/,
    );
  });
});
