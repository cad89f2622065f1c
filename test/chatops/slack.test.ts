import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  escapeSlackText,
  parseSlackSlashCommand,
  slackSignature,
  verifySlackRequest,
} from '../../src/chatops/slack.js';
import { WebhookVerificationError } from '../../src/webhooks/verification-error.js';

// The worked example of Slack's "Verifying requests from Slack" documentation.
const SLACK_DOC = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const SIGNED_AT = new Date(Number(SLACK_DOC.timestamp) * 1000);
const DOC_HEADERS = {
  'X-Slack-Request-Timestamp': SLACK_DOC.timestamp,
  'X-Slack-Signature': SLACK_DOC.signature,
};

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return 'verified';
}

const verify = (overrides: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) =>
  reasonOf(() =>
    verifySlackRequest({
      signingSecret: SLACK_DOC.signingSecret,
      headers: DOC_HEADERS,
      rawBody: SLACK_DOC.body,
      now: SIGNED_AT,
      ...overrides,
    }),
  );

describe('Slack request signing', () => {
  it("computes Slack's published signature for its worked example", () => {
    expect(slackSignature(SLACK_DOC.signingSecret, SLACK_DOC.timestamp, SLACK_DOC.body)).toBe(
      SLACK_DOC.signature,
    );
    expect(slackSignature(SLACK_DOC.signingSecret, SLACK_DOC.timestamp, Buffer.from(SLACK_DOC.body))).toBe(
      SLACK_DOC.signature,
    );
  });

  it('accepts the worked example within five minutes of its timestamp, headers in any case', () => {
    expect(verify()).toBe('verified');
    expect(verify({ now: new Date(SIGNED_AT.getTime() + 299_000) })).toBe('verified');
    expect(
      verify({
        headers: {
          'x-slack-request-timestamp': SLACK_DOC.timestamp,
          'x-slack-signature': SLACK_DOC.signature,
        },
      }),
    ).toBe('verified');
  });

  it('refuses a tampered body and a wrong secret', () => {
    expect(verify({ rawBody: SLACK_DOC.body.replace('text=', 'text=suspend+jessica') })).toBe(
      'SignatureMismatch',
    );
    expect(verify({ signingSecret: '8f742231b10e8888abcd99yyyzzz85a6' })).toBe('SignatureMismatch');
    // A signature made for another timestamp does not carry over.
    expect(
      verify({ headers: { ...DOC_HEADERS, 'X-Slack-Request-Timestamp': '1531420619' }, now: SIGNED_AT }),
    ).toBe('SignatureMismatch');
  });

  it('refuses a replay older than five minutes and a timestamp from the future', () => {
    expect(verify({ now: new Date(SIGNED_AT.getTime() + 301_000) })).toBe('StaleTimestamp');
    expect(verify({ now: new Date(SIGNED_AT.getTime() - 301_000) })).toBe('FutureTimestamp');
  });

  it('refuses missing or malformed headers', () => {
    expect(verify({ headers: { 'X-Slack-Signature': SLACK_DOC.signature } })).toBe('MissingHeader');
    expect(verify({ headers: { 'X-Slack-Request-Timestamp': SLACK_DOC.timestamp } })).toBe('MissingHeader');
    expect(verify({ headers: { ...DOC_HEADERS, 'X-Slack-Request-Timestamp': 'yesterday' } })).toBe(
      'MalformedHeader',
    );
  });

  it('verifies a request signed independently with node:crypto', () => {
    const body =
      'user_id=U1&channel_id=C1&text=suspend%20jessica&response_url=https%3A%2F%2Fhooks.slack.com%2Fx';
    const timestamp = '1767225600';
    const signature = `v0=${createHmac('sha256', 'my-secret').update(`v0:${timestamp}:${body}`).digest('hex')}`;
    expect(
      reasonOf(() =>
        verifySlackRequest({
          signingSecret: 'my-secret',
          headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
          rawBody: body,
          now: new Date(Number(timestamp) * 1000 + 10_000),
        }),
      ),
    ).toBe('verified');
  });
});

describe('slash command form', () => {
  it("reads the fields of Slack's example", () => {
    expect(parseSlackSlashCommand(SLACK_DOC.body)).toEqual({
      text: '',
      userId: 'U2CERLKJA',
      channelId: 'G8PSS9T3V',
      teamId: 'T1DC2JH3J',
      responseUrl: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      triggerId: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    });
  });

  it('refuses a form without the user, channel or response URL', () => {
    expect(() => parseSlackSlashCommand('text=help&user_id=U1')).toThrow(
      /user_id, channel_id or response_url/,
    );
  });

  it('escapes the characters that would make mentions or links', () => {
    expect(escapeSlackText("I don't know '<!channel>' & co")).toBe(
      "I don't know '&lt;!channel&gt;' &amp; co",
    );
  });
});
