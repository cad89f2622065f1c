import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertFreshActivity,
  commandTextOfActivity,
  parseTeamsActivity,
  teamsCallerIds,
  verifyTeamsRequest,
} from '../../src/chatops/teams.js';
import { WebhookVerificationError } from '../../src/webhooks/verification-error.js';

const TOKEN = Buffer.from('a Teams outgoing webhook security token').toString('base64');
const BODY = JSON.stringify({
  type: 'message',
  id: '1485983408511',
  timestamp: '2026-02-01T21:10:07.437Z',
  text: '<at>Voice Ops</at>&nbsp;suspend   Jessica\n',
  from: {
    id: '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB',
    name: 'Tim',
    aadObjectId: 'e4f4a9b1-0000-4000-8000-000000000001',
  },
  conversation: { id: '19:253b1f341670408fb6fcb99a0ddcbc54@thread.skype;messageid=1485983408511' },
  channelData: {
    teamsChannelId: '19:253b1f341670408fb6fcb99a0ddcbc54@thread.skype',
    channel: { id: '19:253b1f341670408fb6fcb99a0ddcbc54@thread.skype' },
  },
});

/** The HMAC as Teams documents it, computed here without the implementation. */
function independentAuthorization(token: string, body: string): string {
  return `HMAC ${createHmac('sha256', Buffer.from(token, 'base64')).update(body, 'utf8').digest('base64')}`;
}

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return 'verified';
}

describe('Teams outgoing-webhook HMAC', () => {
  const verify = (authorization: string | undefined, body = BODY, token = TOKEN) =>
    reasonOf(() =>
      verifyTeamsRequest({
        securityToken: token,
        headers: authorization === undefined ? {} : { Authorization: authorization },
        rawBody: body,
      }),
    );

  it('accepts a body signed with the base64-decoded security token', () => {
    expect(verify(independentAuthorization(TOKEN, BODY))).toBe('verified');
    expect(verify(independentAuthorization(TOKEN, BODY), BODY, TOKEN)).toBe('verified');
  });

  it('refuses a tampered body, a wrong token, and a token used without base64 decoding', () => {
    const signed = independentAuthorization(TOKEN, BODY);
    expect(verify(signed, BODY.replace('Jessica', 'Guy'))).toBe('SignatureMismatch');
    const otherToken = Buffer.from('another token entirely').toString('base64');
    expect(verify(independentAuthorization(otherToken, BODY))).toBe('SignatureMismatch');
    const rawKey = `HMAC ${createHmac('sha256', TOKEN).update(BODY).digest('base64')}`;
    expect(verify(rawKey)).toBe('SignatureMismatch');
  });

  it('refuses a missing or differently-schemed Authorization header', () => {
    expect(verify(undefined)).toBe('MissingHeader');
    expect(verify(independentAuthorization(TOKEN, BODY).replace('HMAC ', 'Bearer '))).toBe('MalformedHeader');
  });

  it('treats an activity older than five minutes as a replay', () => {
    const activity = parseTeamsActivity(JSON.parse(BODY));
    const sentAt = Date.parse('2026-02-01T21:10:07.437Z');
    expect(reasonOf(() => assertFreshActivity(activity, new Date(sentAt + 60_000)))).toBe('verified');
    expect(reasonOf(() => assertFreshActivity(activity, new Date(sentAt + 6 * 60_000)))).toBe(
      'StaleTimestamp',
    );
    expect(reasonOf(() => assertFreshActivity(activity, new Date(sentAt - 6 * 60_000)))).toBe(
      'FutureTimestamp',
    );
  });
});

describe('Teams activity', () => {
  it('strips the bot mention and HTML from the text', () => {
    expect(commandTextOfActivity('<at>Voice Ops</at>&nbsp;suspend   Jessica\n')).toBe('suspend Jessica');
    expect(commandTextOfActivity('<p><at>Bot</at> status <b>jessica</b></p>')).toBe('status jessica');
    expect(commandTextOfActivity('<at>Bot</at>')).toBe('');
  });

  it("lists the sender's ids and the channel's, without the message suffix", () => {
    expect(teamsCallerIds(parseTeamsActivity(JSON.parse(BODY)))).toEqual([
      '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB',
      'e4f4a9b1-0000-4000-8000-000000000001',
      '19:253b1f341670408fb6fcb99a0ddcbc54@thread.skype',
    ]);
  });

  it('refuses a body that is not a message activity', () => {
    expect(() => parseTeamsActivity({ hello: 'world' })).toThrow(/not a Teams message activity/);
  });
});
