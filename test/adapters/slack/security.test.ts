/**
 * Every request to /slack/events is verified before anything is parsed or run: missing, forged, stale
 * and future signatures get 401 and change nothing — not the database, not Slack.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_MAX_SKEW_SECONDS, signSlackRequest, verifySlackSignature } from '../../../adapters/slack/signature.ts';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { BOB, CHANNEL, snapshot, startHarness, type SlackHarness, useSlackTestBed } from './slack-harness.ts';
import { SIGNING_SECRET, buttonClick, reactionEvent, slashCommand, urlVerification, type SendOptions } from './slack-requests.ts';

let db: TestDatabase;
let api: FakeSlackApi;
let h: SlackHarness;

useSlackTestBed((d, a) => {
  db = d;
  api = a;
});
beforeEach(async () => {
  h = await startHarness({ db: db.handle, api, adapter: { bodyLimitBytes: 64 * 1024 } });
  await seedEstate(h.app.store, h.time);
});
afterEach(async () => {
  await h?.stop();
  expect(api.violations).toEqual([]);
});

const now = () => Math.floor(Date.now() / 1000);

describe('Slack request verification', () => {
  // Options are made when each request is sent: a timestamp taken at collection time would drift.
  const bad: Array<[string, () => SendOptions]> = [
    ['missing signature', () => ({ signature: null })],
    ['forged signature (wrong secret)', () => ({ secret: 'not-the-secret' })],
    ['garbage signature', () => ({ signature: 'v0=nothex' })],
    ['stale timestamp (5 min 2 s old)', () => ({ timestamp: now() - SIGNATURE_MAX_SKEW_SECONDS - 2 })],
    ['future timestamp (5 min 2 s ahead), which Bolt alone accepts', () => ({ timestamp: now() + SIGNATURE_MAX_SKEW_SECONDS + 2 })],
  ];

  it.each(bad)('%s: 401 for a command, an event and a click; nothing changes', async (_name, opts) => {
    // A card to react to and click on, opened with a valid request.
    await h.slash('open payments P1 Card payments failing');
    const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
    api.reset();
    const before = await snapshot(db.handle);
    const requests = [
      slashCommand('open payments P1 Another one', { user: BOB, channel: CHANNEL, responseUrl: api.responseUrl() }),
      slashCommand('ack INC-1', { user: BOB, channel: CHANNEL, responseUrl: api.responseUrl() }),
      reactionEvent('reaction_added', { user: BOB, reaction: 'eyes', channel: CHANNEL, ts }),
      buttonClick({ user: BOB, channel: CHANNEL, messageTs: ts, value: 'resolve INC-1', responseUrl: api.responseUrl() }),
      urlVerification('challenge-me'),
    ];
    for (const req of requests) {
      const res = await h.send(req, opts());
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'invalid_signature' });
    }
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.calls).toEqual([]);
    expect(api.responses).toEqual([]);
  });

  it('a body changed after signing is refused', async () => {
    const ts = now();
    const req = slashCommand('status', { user: BOB, channel: CHANNEL, responseUrl: api.responseUrl() });
    const signature = signSlackRequest(SIGNING_SECRET, ts, req.body);
    const tampered = { ...req, body: req.body.replace('status', 'open+payments+P1+Evil') };
    expect((await h.send(tampered, { timestamp: ts, signature })).status).toBe(401);
    expect((await h.send(req, { timestamp: ts, signature })).status).toBe(200);
  });

  it('answers a signed url_verification with its challenge, and an ssl_check with 200 and nothing else', async () => {
    const res = await h.send(urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    const before = await snapshot(db.handle);
    const ssl = await h.send({ body: 'ssl_check=1&token=x&text=open+payments+P1+x', contentType: 'application/x-www-form-urlencoded' }, { signature: null });
    expect(ssl.status).toBe(200);
    expect(ssl.text).toBe('');
    expect(await snapshot(db.handle)).toEqual(before);
  });

  it('refuses other methods (405), oversized bodies (413) and signed garbage (400)', async () => {
    const get = await fetch(h.url);
    expect(get.status).toBe(405);
    const big = slashCommand(`note INC-1 ${'x'.repeat(70 * 1024)}`, { user: BOB, channel: CHANNEL, responseUrl: api.responseUrl() });
    const tooBig = await h.send(big);
    expect(tooBig.status).toBe(413);
    const garbage = await h.send({ body: '{not json', contentType: 'application/json' });
    expect(garbage.status).toBe(400);
    // The server is fine afterwards.
    expect((await h.slash('help')).status).toBe(200);
  });

  it('is mounted on Pacta’s one server, beside the health checks', async () => {
    const base = h.url.replace(/\/slack\/events$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

describe('verifySlackSignature', () => {
  const body = Buffer.from('token=x&text=status');
  const t = 1_764_000_000;
  const sig = signSlackRequest('secret', t, body);

  it('accepts a fresh signature within 5 minutes either way, and nothing else', () => {
    const check = (now: number, signature = sig, timestamp = String(t)) => verifySlackSignature('secret', { signature, timestamp }, body, now);
    expect(check(t)).toEqual({ ok: true });
    expect(check(t + 300)).toEqual({ ok: true });
    expect(check(t - 300)).toEqual({ ok: true });
    expect(check(t + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(check(t - 301)).toEqual({ ok: false, reason: 'future' });
    expect(check(t, sig.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(t, sig, `${t}.5`)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySlackSignature('secret', { signature: undefined, timestamp: String(t) }, body, t)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySlackSignature('other', { signature: sig, timestamp: String(t) }, body, t)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('matches Slack’s documented example', () => {
    // https://docs.slack.dev/authentication/verifying-requests-from-slack (example secret and body).
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';
    const example =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest(secret, 1531420618, example)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });
});
