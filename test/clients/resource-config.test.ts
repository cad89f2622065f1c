import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/config/env.js';
import {
  defaultKeySetting,
  parseAiResources,
  readAiClientOptions,
} from '../../src/clients/resource-config.js';

const SECRET_KEY = 'not-a-real-key-0123456789abcdef';

function configurationErrorOf(read: () => unknown): ConfigurationError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseAiResources', () => {
  it('reads key and entra resources, the key from AI_KEY_<NAME> by default', () => {
    const resources = parseAiResources({
      AI_RESOURCES: JSON.stringify({
        'voice-eu': { endpoint: 'https://westeurope.api.cognitive.microsoft.com/', auth: 'key' },
        lang: {
          endpoint: 'https://lang.cognitiveservices.azure.com',
          auth: 'entra',
          customVoiceApiVersion: '2024-02-01-preview',
        },
      }),
      AI_KEY_VOICE_EU: SECRET_KEY,
    });
    expect(resources.map((r) => r.name)).toEqual(['voice-eu', 'lang']);
    const [voice, lang] = resources;
    expect(voice?.endpoint).toBe('https://westeurope.api.cognitive.microsoft.com');
    expect(voice?.auth.kind === 'key' && voice.auth.apiKey()).toBe(SECRET_KEY);
    expect(lang?.auth.kind).toBe('entra');
    expect(lang?.customVoiceApiVersion).toBe('2024-02-01-preview');
    // A logged configuration must not show the key.
    expect(JSON.stringify(resources)).not.toContain(SECRET_KEY);
  });

  it('reads the key from the setting a resource names', () => {
    const [resource] = parseAiResources({
      AI_RESOURCES: JSON.stringify({
        jessica: { endpoint: 'https://x.example.com', auth: 'key', keySetting: 'SPEECH_KEY' },
      }),
      SPEECH_KEY: SECRET_KEY,
    });
    expect(resource?.auth.kind === 'key' && resource.auth.apiKey()).toBe(SECRET_KEY);
  });

  it("reads a resource's own pace, no pace when absent, and refuses one that is not a positive number", () => {
    const [paced, unpaced] = parseAiResources({
      AI_RESOURCES: JSON.stringify({
        speech: { endpoint: 'https://a.example.com', auth: 'entra', maxRequestsPerSecond: 20 },
        face: { endpoint: 'https://b.example.com', auth: 'entra' },
      }),
    });
    expect(paced?.maxRequestsPerSecond).toBe(20);
    expect(unpaced?.maxRequestsPerSecond).toBeUndefined();
    for (const bad of [0, -1, '20', 1e9]) {
      const error = configurationErrorOf(() =>
        parseAiResources({
          AI_RESOURCES: JSON.stringify({
            speech: { endpoint: 'https://a.example.com', auth: 'entra', maxRequestsPerSecond: bad },
          }),
        }),
      );
      expect(error.message).toContain("'speech.maxRequestsPerSecond'");
    }
  });

  it('is empty when AI_RESOURCES is not set', () => {
    expect(parseAiResources({})).toEqual([]);
  });

  it('names the missing key setting', () => {
    const error = configurationErrorOf(() =>
      parseAiResources({
        AI_RESOURCES: JSON.stringify({ 'my.voice': { endpoint: 'https://x.example.com', auth: 'key' } }),
      }),
    );
    expect(error.setting).toBe('AI_KEY_MY_VOICE');
    expect(error.message).toContain('AI_KEY_MY_VOICE');
    expect(defaultKeySetting('my.voice')).toBe('AI_KEY_MY_VOICE');
  });

  it('refuses bad shapes with the place, never the value', () => {
    const cases = [
      'not json',
      JSON.stringify([]),
      JSON.stringify({ a: { endpoint: 'https://x.example.com', auth: 'password' } }),
      JSON.stringify({ a: { endpoint: `https://x.example.com/?key=${SECRET_KEY}`, auth: 'entra' } }),
      JSON.stringify({ a: { endpoint: 'http://remote.example.com', auth: 'entra' } }),
      JSON.stringify({ a: { endpoint: 'https://x.example.com', auth: 'entra', key: SECRET_KEY } }),
    ];
    for (const value of cases) {
      const error = configurationErrorOf(() => parseAiResources({ AI_RESOURCES: value }));
      expect(error.setting).toBe('AI_RESOURCES');
      expect(error.message).not.toContain(SECRET_KEY);
    }
  });

  it('accepts plain http only for a loopback address', () => {
    const [local] = parseAiResources({
      AI_RESOURCES: JSON.stringify({ simulator: { endpoint: 'http://127.0.0.1:7072', auth: 'key' } }),
      AI_KEY_SIMULATOR: 'simulator-key',
    });
    expect(local?.endpoint).toBe('http://127.0.0.1:7072');
  });
});

describe('readAiClientOptions', () => {
  it('reads the timeout in seconds and the managed identity client id', () => {
    expect(readAiClientOptions({})).toEqual({ timeoutInMs: 30_000 });
    expect(readAiClientOptions({ AI_REQUEST_TIMEOUT_SECONDS: '5', AZURE_CLIENT_ID: 'abc' })).toEqual({
      timeoutInMs: 5000,
      managedIdentityClientId: 'abc',
    });
  });
});
