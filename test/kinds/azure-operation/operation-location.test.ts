import { describe, expect, it } from 'vitest';
import {
  checkOperationLocation,
  MAX_OPERATION_LOCATION_BYTES,
} from '../../../src/kinds/azure-operation/operation-location.js';

const ENDPOINT = 'https://contoso-ai.cognitiveservices.azure.com/';
const IN_AZURE = { allowLoopbackHttp: false };
const OUTSIDE_AZURE = { allowLoopbackHttp: true };

const codeOf = (url: string, endpoint = ENDPOINT, policy = IN_AZURE) => {
  const check = checkOperationLocation(url, endpoint, policy);
  return check.ok ? 'ok' : check.code;
};

describe('checkOperationLocation', () => {
  it.each([
    'https://contoso-ai.cognitiveservices.azure.com/documentintelligence/documentModels/prebuilt-read/analyzeResults/3b31320d-8bab-4f88-b19c-2322a7f11034?api-version=2024-11-30',
    'https://CONTOSO-AI.cognitiveservices.azure.com:443/translator/document/batches/0fa2822f-4c2a-4317-9c20-658c801e0e55?api-version=2024-05-01',
    'https://contoso-ai.cognitiveservices.azure.com/language/analyze-text/jobs/c0f2a446-05d9-48fc-ba8f-3ef4af8d0b18?api-version=2023-04-01',
  ])('follows a status monitor on the resource host: %s', (url) => {
    expect(codeOf(url)).toBe('ok');
  });

  it.each([
    ['another host', 'https://evil.example/documentintelligence/x', 'OperationLocationNotOnResource'],
    [
      'a sibling resource',
      'https://contoso-ai2.cognitiveservices.azure.com/x',
      'OperationLocationNotOnResource',
    ],
    [
      'a host that only starts like the resource',
      'https://contoso-ai.cognitiveservices.azure.com.evil.example/x',
      'OperationLocationNotOnResource',
    ],
    [
      'another port',
      'https://contoso-ai.cognitiveservices.azure.com:8443/x',
      'OperationLocationNotOnResource',
    ],
    ['plain http', 'http://contoso-ai.cognitiveservices.azure.com/x', 'OperationLocationNotHttps'],
    ['another scheme', 'ftp://contoso-ai.cognitiveservices.azure.com/x', 'OperationLocationNotHttps'],
    [
      'credentials',
      'https://user:pw@contoso-ai.cognitiveservices.azure.com/x',
      'OperationLocationHasCredentials',
    ],
    [
      'a user name alone',
      'https://user@contoso-ai.cognitiveservices.azure.com/x',
      'OperationLocationHasCredentials',
    ],
    ['a fragment', 'https://contoso-ai.cognitiveservices.azure.com/x#part', 'OperationLocationHasFragment'],
    [
      'an empty fragment',
      'https://contoso-ai.cognitiveservices.azure.com/x#',
      'OperationLocationHasFragment',
    ],
    ['a relative URL', '/documentintelligence/x', 'InvalidOperationLocation'],
    ['no URL at all', 'not a url', 'InvalidOperationLocation'],
  ])('refuses %s', (_what, url, code) => {
    expect(codeOf(url)).toBe(code);
  });

  it('refuses a URL longer than 2 KiB and accepts one of exactly 2 KiB', () => {
    const prefix = 'https://contoso-ai.cognitiveservices.azure.com/x?pad=';
    const exact = prefix + 'a'.repeat(MAX_OPERATION_LOCATION_BYTES - prefix.length);
    expect(MAX_OPERATION_LOCATION_BYTES).toBe(2048);
    expect([codeOf(exact), codeOf(`${exact}a`)]).toEqual(['ok', 'OperationLocationTooLong']);
    // Bytes, not characters: 700 three-byte characters are over the limit.
    expect(codeOf(prefix + '€'.repeat(700))).toBe('OperationLocationTooLong');
  });

  it('allows plain http to a loopback resource only outside Azure, as for webhooks', () => {
    const simulator = 'http://127.0.0.1:7072';
    const monitor = 'http://127.0.0.1:7072/language/analyze-text/jobs/c0f2a446-05d9-48fc-ba8f-3ef4af8d0b18';
    expect(codeOf(monitor, simulator, OUTSIDE_AZURE)).toBe('ok');
    expect(codeOf(monitor, simulator, IN_AZURE)).toBe('OperationLocationNotHttps');
    expect(codeOf('http://127.0.0.1:9999/x', simulator, OUTSIDE_AZURE)).toBe(
      'OperationLocationNotOnResource',
    );
    expect(codeOf('http://10.0.0.5:7072/x', 'http://10.0.0.5:7072', OUTSIDE_AZURE)).toBe(
      'OperationLocationNotHttps',
    );
  });

  it('names the refused host in its message, never the path or query', () => {
    const check = checkOperationLocation('https://evil.example/secret/path?sig=token123', ENDPOINT, IN_AZURE);
    expect(check.ok).toBe(false);
    const message = check.ok ? '' : check.message;
    expect(message).toContain('evil.example');
    expect(message).not.toMatch(/secret|token123/);
  });
});
