import { describe, expect, it } from 'vitest';
import { isLoopbackHostname } from '../../src/shared/loopback.js';

const hostname = (url: string) => new URL(url).hostname;

describe('isLoopbackHostname', () => {
  it('knows localhost, all of 127.0.0.0/8 and [::1], in any spelling the URL parser normalises', () => {
    for (const url of [
      'http://localhost:7071/x',
      'http://LOCALHOST/x',
      'http://127.0.0.1/x',
      'http://127.255.3.4/x',
      'http://127.1/x',
      'http://0x7f.0.0.1/x',
      'http://[::1]:9000/x',
      'http://[0:0:0:0:0:0:0:1]/x',
    ]) {
      expect(isLoopbackHostname(hostname(url)), url).toBe(true);
    }
  });

  it('refuses every other host, including look-alikes', () => {
    for (const url of [
      'http://128.0.0.1/x',
      'http://10.0.0.5/x',
      'http://0.0.0.0/x',
      'http://127.0.0.1.nip.io/x',
      'http://localhost.example.com/x',
      'http://[::2]/x',
      'http://example.com/x',
    ]) {
      expect(isLoopbackHostname(hostname(url)), url).toBe(false);
    }
  });
});
