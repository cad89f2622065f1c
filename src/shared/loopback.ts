// '::1' without brackets is how some APIs (not the URL parser) spell the IPv6 loopback.
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '[::1]', '::1']);

/**
 * Whether a URL's `hostname` (as `new URL(...).hostname` gives it) names this machine: `localhost`, any
 * address of 127.0.0.0/8, or `[::1]`. The URL parser already normalises other spellings (`127.1`,
 * `0x7f.0.0.1`, `[0:0::1]`) to these.
 *
 * Drift resolved here: the webhook URL policy knew only 127.0.0.1; every address of 127.0.0.0/8 is
 * loopback (RFC 1122 3.2.1.3), as the AI clients' copy already said.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
