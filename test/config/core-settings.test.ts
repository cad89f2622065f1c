import { describe, expect, it } from 'vitest';
import { readCoreSettings, readEventWebhooks } from '../../src/config/core-settings.js';
import { ConfigurationError } from '../../src/config/env.js';
import { loopbackAllowedFromEnv } from '../../src/config/platform.js';
import type { WebhookUrlPolicy } from '../../src/webhooks/url-policy.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OUTSIDE_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: true };
const IN_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: false };

function webhooksError(value: unknown): ConfigurationError | undefined {
  try {
    readEventWebhooks({ EVENT_WEBHOOKS: JSON.stringify(value) }, OUTSIDE_AZURE);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
}

describe('EVENT_WEBHOOKS', () => {
  it('accepts https subscribers with a Standard Webhooks secret and loopback http for local receivers', () => {
    const webhooks = readEventWebhooks(
      {
        EVENT_WEBHOOKS: JSON.stringify([
          { url: 'https://hooks.example.org/ops', secret: SECRET, types: ['CognitiveOps.Operation.Failed'] },
          { url: 'http://127.0.0.1:9000/events' },
        ]),
      },
      OUTSIDE_AZURE,
    );
    expect(webhooks).toHaveLength(2);
  });

  it('refuses loopback http subscribers when running in Azure', () => {
    const local = { EVENT_WEBHOOKS: JSON.stringify([{ url: 'http://127.0.0.1:9000/events' }]) };
    expect(() => readEventWebhooks(local, IN_AZURE)).toThrow(
      /EVENT_WEBHOOKS is invalid at '0\.url': url must be an https URL without credentials/,
    );
  });

  it('refuses what could never be delivered, naming the place but not the value', () => {
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
    expect(readEventWebhooks({}, OUTSIDE_AZURE)).toEqual([]);
    expect(settings.commandsQueue).toBe('commands');
    expect(settings.eventsTopic).toBe('operation-events');
    expect(() => readCoreSettings({ POLLER_BATCH_SIZE: '0' })).toThrow(
      /POLLER_BATCH_SIZE must be a positive whole number/,
    );
  });
});

describe('loopbackAllowedFromEnv', () => {
  it('allows loopback http only when neither WEBSITE_INSTANCE_ID nor WEBSITE_SITE_NAME (set by Azure) is set', () => {
    expect(loopbackAllowedFromEnv({})).toBe(true);
    expect(loopbackAllowedFromEnv({ WEBSITE_INSTANCE_ID: '  ' })).toBe(true);
    expect(loopbackAllowedFromEnv({ WEBSITE_INSTANCE_ID: 'a1b2c3d4e5f6' })).toBe(false);
    expect(loopbackAllowedFromEnv({ WEBSITE_SITE_NAME: 'cognitive-ops-prod' })).toBe(false);
  });
});
