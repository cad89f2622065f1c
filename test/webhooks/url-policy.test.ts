import { describe, expect, it } from 'vitest';
import {
  WebhookUrlNotAllowedError,
  assertDeliverableUrl,
  isDeliverableUrl,
  type WebhookUrlPolicy,
} from '../../src/webhooks/url-policy.js';

const OUTSIDE_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: true };
const IN_AZURE: WebhookUrlPolicy = { allowLoopbackHttp: false };

const LOOPBACK_HTTP = [
  'http://127.0.0.1:9000/hook',
  'http://localhost/hook',
  'http://[::1]/hook',
  'http://127.0.0.2/',
];
const NEVER = [
  'http://example.com/hook',
  'http://10.0.0.5/hook',
  'ftp://127.0.0.1/x',
  'https://user:pass@example.com/hook',
  'not a url',
];

describe('webhook URL policy', () => {
  it('accepts https anywhere, both ways', () => {
    for (const policy of [OUTSIDE_AZURE, IN_AZURE]) {
      expect(isDeliverableUrl('https://hooks.example.org/ops?token=x', policy)).toBe(true);
      expect(isDeliverableUrl('https://127.0.0.1/ops', policy)).toBe(true);
    }
  });

  it('accepts plain http to loopback only where the policy allows it (outside Azure)', () => {
    for (const url of LOOPBACK_HTTP) {
      expect(isDeliverableUrl(url, OUTSIDE_AZURE), url).toBe(true);
      expect(isDeliverableUrl(url, IN_AZURE), url).toBe(false);
    }
  });

  it('refuses plain http elsewhere, other schemes, credentials and garbage, both ways', () => {
    for (const url of NEVER) {
      expect(isDeliverableUrl(url, OUTSIDE_AZURE), url).toBe(false);
      expect(isDeliverableUrl(url, IN_AZURE), url).toBe(false);
    }
  });

  it('names the scheme and host of a refused URL, never its path or query', () => {
    const refuse = (url: string, policy: WebhookUrlPolicy) => () => assertDeliverableUrl(url, policy);
    expect(refuse('http://127.0.0.1:9000/hook?token=secret', IN_AZURE)).toThrow(WebhookUrlNotAllowedError);
    expect(refuse('http://127.0.0.1:9000/hook?token=secret', IN_AZURE)).toThrow(
      /^A webhook URL must be an https URL; refused http:\/\/127\.0\.0\.1:9000\.$/,
    );
    expect(refuse('http://example.com/hook?token=secret', OUTSIDE_AZURE)).toThrow(
      'must be an https URL (plain http only to 127.0.0.0/8, localhost or [::1]); refused http://example.com.',
    );
  });
});
