import { describe, expect, it } from 'vitest';
import { UnknownResourceError } from '../../src/clients/errors.js';
import { createAiResourceRegistry, parseAiResources } from '../../src/clients/registry.js';

describe('createAiResourceRegistry', () => {
  const registry = createAiResourceRegistry(
    parseAiResources({
      AI_RESOURCES: JSON.stringify({
        simulator: { endpoint: 'http://127.0.0.1:7072', auth: 'key' },
        cloud: { endpoint: 'https://eastus.api.cognitive.microsoft.com', auth: 'entra' },
      }),
      AI_KEY_SIMULATOR: 'simulator-key',
    }),
  );

  it('knows the configured resources by name', () => {
    expect(registry.names()).toEqual(['simulator', 'cloud']);
    expect(registry.has('cloud')).toBe(true);
    expect(registry.has('nope')).toBe(false);
  });

  it('builds the clients of a resource once', () => {
    expect(registry.forResource('simulator')).toBe(registry.forResource('simulator'));
    expect(registry.forResource('simulator')).not.toBe(registry.forResource('cloud'));
  });

  it('throws UnknownResourceError for a name not configured', () => {
    expect(() => registry.forResource('nope')).toThrow(UnknownResourceError);
  });
});
