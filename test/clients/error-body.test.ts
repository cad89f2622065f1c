import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE_LENGTH, parseServiceError, redactSecrets } from '../../src/clients/error-body.js';

describe('parseServiceError', () => {
  it('reads the Azure.Core ErrorResponse of custom voice and QnA', () => {
    const body = JSON.stringify({
      error: {
        code: 'ProjectNotFound',
        message: 'Project proj9 was not found.',
        target: 'projectName',
        details: [],
      },
    });
    expect(parseServiceError(404, body, 'ProjectNotFound')).toEqual({
      code: 'ProjectNotFound',
      message: 'Project proj9 was not found.',
      target: 'projectName',
    });
  });

  it('reads a Face APIError whose fields are all optional', () => {
    expect(
      parseServiceError(
        400,
        JSON.stringify({ error: { code: 'BadArgument', message: 'Bad id.' } }),
        undefined,
      ),
    ).toEqual({ code: 'BadArgument', message: 'Bad id.' });
    const empty = parseServiceError(404, JSON.stringify({ error: {} }), undefined);
    expect(empty.code).toBe('NotFound');
    expect(empty.message).toContain('404');
  });

  it('falls back to x-ms-error-code, then to a name for the status', () => {
    expect(parseServiceError(429, '', 'TooManyRequests').code).toBe('TooManyRequests');
    expect(parseServiceError(503, '<html>down</html>', undefined).code).toBe('ServiceUnavailable');
    expect(parseServiceError(418, undefined, undefined).code).toBe('Http418');
  });

  it('replaces the numeric codes of the API gateway with names', () => {
    const gateway = JSON.stringify({
      error: { code: '401', message: 'Access denied due to invalid subscription key.' },
    });
    expect(parseServiceError(401, gateway, undefined)).toEqual({
      code: 'Unauthorized',
      message: 'Access denied due to invalid subscription key.',
    });
    const flat = JSON.stringify({ statusCode: 403, message: 'Out of call volume quota.' });
    expect(parseServiceError(403, flat, undefined)).toEqual({
      code: 'Forbidden',
      message: 'Out of call volume quota.',
    });
  });

  it('cuts very long messages', () => {
    const long = 'x'.repeat(MAX_ERROR_MESSAGE_LENGTH * 3);
    const parsed = parseServiceError(
      500,
      JSON.stringify({ error: { code: 'InternalServerError', message: long } }),
      undefined,
    );
    expect(parsed.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  });
});

describe('redactSecrets', () => {
  it('removes every occurrence of a secret', () => {
    const secret = 'k3y-0f-th3-r3s0urc3';
    expect(redactSecrets(`bad key ${secret}, again ${secret}`, [secret])).not.toContain(secret);
  });
});

describe('redactSecrets, encoded echoes', () => {
  const secret = 'k3y-0f-th3-r3s0urc3';
  const decodedAll = (text: string): string[] =>
    [...text.matchAll(/[A-Za-z0-9+/_-]{8,}={0,2}/g)].map((match) =>
      Buffer.from(
        match[0],
        match[0].includes('-') || match[0].includes('_') ? 'base64url' : 'base64',
      ).toString('latin1'),
    );

  it('removes base64 of the key inside a longer value at every alignment, and hex in both cases', () => {
    const echoes = ['', 'u:', 'us:', 'use:'].map((prefix) =>
      Buffer.from(`${prefix}${secret}!`).toString('base64'),
    );
    const hex = Buffer.from(secret).toString('hex');
    const text = `Basic ${echoes.join(' ')} url ${Buffer.from(secret).toString('base64url')} hex ${hex} ${hex.toUpperCase()} pct ${encodeURIComponent(`${secret}/`)}`;

    const clean = redactSecrets(text, [secret]);

    expect(clean).not.toContain(hex);
    expect(clean.toLowerCase()).not.toContain(hex);
    // Decoding whatever is left finds no run of the key longer than a few characters.
    for (const decoded of decodedAll(clean)) expect(decoded).not.toContain(secret.slice(0, 6));
    expect(clean).toContain('[redacted]');
  });

  it('leaves a message without the key as it is', () => {
    const text = 'Resource not found. Retry later (base64 dGVzdA==, hex 74657374).';
    expect(redactSecrets(text, [secret])).toBe(text);
  });
});
