import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GRAFANA_SIGNATURE_TOLERANCE_MS,
  hashSecret,
  matchingSecret,
  newSecret,
  presentedSecret,
  secretMatches,
  verifyGrafanaSignature,
} from '../../../adapters/webhooks/auth.ts';
import { fixtureBytes } from './fixtures.ts';

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('secrets', () => {
  it('are 32 random bytes in base64url, and differ every time', () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it('are stored as their SHA-256 in hex and matched against it', () => {
    const s = newSecret();
    const h = hashSecret(s);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(secretMatches(s, h)).toBe(true);
    expect(secretMatches(s, h.toUpperCase())).toBe(true);
  });

  it('refuse forged, missing and malformed secrets', () => {
    const s = newSecret();
    const h = hashSecret(s);
    expect(secretMatches(newSecret(), h)).toBe(false);
    expect(secretMatches(`${s}x`, h)).toBe(false);
    expect(secretMatches(s.slice(0, -1), h)).toBe(false);
    expect(secretMatches(null, h)).toBe(false);
    expect(secretMatches('', hashSecret(''))).toBe(false);
    expect(secretMatches(s, 'not a hash')).toBe(false);
    expect(secretMatches(s, h.slice(2))).toBe(false);
    // The stored hash is not a secret one can present.
    expect(secretMatches(h, h)).toBe(false);
  });

  it('rotate: during the grace period both are accepted, after it only the new one', () => {
    const old = newSecret();
    const next = newSecret();
    const during = [hashSecret(next), hashSecret(old)];
    expect(matchingSecret(next, during)).toBe(0);
    expect(matchingSecret(old, during)).toBe(1);
    expect(matchingSecret(newSecret(), during)).toBe(-1);
    const after = [hashSecret(next)];
    expect(matchingSecret(old, after)).toBe(-1);
    expect(matchingSecret(next, after)).toBe(0);
    expect(matchingSecret(undefined, during)).toBe(-1);
    expect(matchingSecret(next, [])).toBe(-1);
  });
});

describe('presentedSecret', () => {
  const s = newSecret();
  it.each([
    ['Bearer (Alertmanager credentials, Grafana header)', { authorization: `Bearer ${s}` }, s],
    ['bearer in lower case', { authorization: `bearer ${s}` }, s],
    ['Basic: the password is the secret', { authorization: basic('alertmanager', s) }, s],
    ['Basic with an empty user', { authorization: basic('', s) }, s],
    ['Basic with a colon in the password', { authorization: basic('u', 'a:b') }, 'a:b'],
    ['no header', {}, null],
    ['an empty header', { authorization: '' }, null],
    ['a scheme alone', { authorization: 'Bearer' }, null],
    ['another scheme', { authorization: `Token ${s}` }, null],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from(s).toString('base64')}` }, null],
    ['Basic with an empty password', { authorization: basic('u', '') }, null],
    ['Basic that is not base64', { authorization: 'Basic !!!' }, null],
    ['a repeated header', { authorization: [`Bearer ${s}`, 'Bearer other'] }, null],
    ['an over-long header', { authorization: `Bearer ${'a'.repeat(5_000)}` }, null],
  ])('%s', (_what, headers, expected) => {
    expect(presentedSecret(headers)).toBe(expected);
  });
});

describe('verifyGrafanaSignature', () => {
  const secret = newSecret();
  const body = fixtureBytes('grafana-docs-example.json');
  const now = Date.UTC(2026, 2, 2, 10, 0, 0);
  const ts = String(Math.floor(now / 1000));
  /** As Grafana's HMACRoundTripper signs: hex HMAC-SHA256 over `timestamp:body`, or the body alone. */
  const sign = (key: string, stamp: string | null, bytes: Buffer) => {
    const mac = createHmac('sha256', key);
    if (stamp !== null) mac.update(`${stamp}:`);
    return mac.update(bytes).digest('hex');
  };

  it('accepts Grafana’s signature over timestamp:body', () => {
    expect(verifyGrafanaSignature(secret, ts, body, sign(secret, ts, body), now)).toEqual({ ok: true });
    expect(verifyGrafanaSignature(secret, ts, body, sign(secret, ts, body).toUpperCase(), now)).toEqual({ ok: true });
  });

  it('refuses another secret, another body, another timestamp', () => {
    expect(verifyGrafanaSignature(secret, ts, body, sign(newSecret(), ts, body), now)).toEqual({ ok: false, reason: 'mismatch' });
    const changed = Buffer.from(body.toString('utf8').replace('"firing"', '"resolved"'));
    expect(verifyGrafanaSignature(secret, ts, changed, sign(secret, ts, body), now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyGrafanaSignature(secret, String(Number(ts) + 1), body, sign(secret, ts, body), now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyGrafanaSignature('', ts, body, sign('', ts, body), now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses missing and malformed signatures and timestamps', () => {
    const good = sign(secret, ts, body);
    expect(verifyGrafanaSignature(secret, ts, body, undefined, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyGrafanaSignature(secret, ts, body, '', now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyGrafanaSignature(secret, ts, body, good.slice(1), now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyGrafanaSignature(secret, ts, body, `sha256=${good}`, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyGrafanaSignature(secret, ts, body, `${good.slice(0, -1)}z`, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyGrafanaSignature(secret, null, body, sign(secret, null, body), now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyGrafanaSignature(secret, '2026-03-02T10:00:00Z', body, good, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyGrafanaSignature(secret, `${now}`, body, sign(secret, `${now}`, body), now)).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses a stale or future timestamp past the tolerance, and accepts one inside it', () => {
    const at = (offsetMs: number) => {
      const stamp = String(Math.floor((now + offsetMs) / 1000));
      return verifyGrafanaSignature(secret, stamp, body, sign(secret, stamp, body), now);
    };
    expect(at(-GRAFANA_SIGNATURE_TOLERANCE_MS)).toEqual({ ok: true });
    expect(at(GRAFANA_SIGNATURE_TOLERANCE_MS)).toEqual({ ok: true });
    expect(at(-GRAFANA_SIGNATURE_TOLERANCE_MS - 1000)).toEqual({ ok: false, reason: 'stale' });
    expect(at(GRAFANA_SIGNATURE_TOLERANCE_MS + 1000)).toEqual({ ok: false, reason: 'stale' });
    const stamp = String(Math.floor((now - 3_600_000) / 1000));
    expect(verifyGrafanaSignature(secret, stamp, body, sign(secret, stamp, body), now, { toleranceMs: 2 * 3_600_000 })).toEqual({ ok: true });
  });

  it('accepts a body-only signature when told a contact point sends no timestamp', () => {
    expect(verifyGrafanaSignature(secret, undefined, body, sign(secret, null, body), now, { requireTimestamp: false })).toEqual({ ok: true });
    expect(verifyGrafanaSignature(secret, undefined, body, sign(secret, ts, body), now, { requireTimestamp: false })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
