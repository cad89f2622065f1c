import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/config/env.js';
import { readPublicBaseUrl } from '../../src/config/public-base-url.js';

describe('the public base URL', () => {
  it('is PUBLIC_BASE_URL without its trailing slash, path prefix kept', () => {
    expect(
      readPublicBaseUrl({ PUBLIC_BASE_URL: 'https://ops.contoso.com/voice/', WEBSITE_HOSTNAME: 'a.net' }),
    ).toBe('https://ops.contoso.com/voice');
  });

  it("is the platform's own host name in Azure when PUBLIC_BASE_URL is unset", () => {
    expect(readPublicBaseUrl({ WEBSITE_HOSTNAME: 'cogops-prod.azurewebsites.net' })).toBe(
      'https://cogops-prod.azurewebsites.net',
    );
  });

  it('is left to the host outside Azure', () => {
    expect(readPublicBaseUrl({})).toBeUndefined();
  });

  it.each([
    'ops.contoso.com',
    'ftp://ops.contoso.com',
    'https://user:s3cr3t@ops.contoso.com',
    'https://x/?a=1',
  ])('refuses %s naming the setting, never the value', (value) => {
    let error: unknown;
    try {
      readPublicBaseUrl({ PUBLIC_BASE_URL: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).setting).toBe('PUBLIC_BASE_URL');
    expect((error as Error).message).not.toContain(value);
  });
});
