/**
 * Slack request signatures (v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's
 * signing secret. Checked on the raw bytes, before any parsing, in constant time. Bolt's own check
 * rejects only old timestamps; a timestamp far in the future is just as much a replay risk (a captured
 * request signed "tomorrow" would stay valid all day), so both directions are refused here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way (Slack's recommendation: 5 minutes). */
export const SIGNATURE_MAX_SKEW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch' };

/** The signature Slack would send for `body` at `timestamp` (seconds). Tests and the benchmark sign with it. */
export function signSlackRequest(signingSecret: string, timestamp: number | string, body: string | Buffer): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Verifies the `x-slack-signature` and `x-slack-request-timestamp` headers against the raw body.
 * `nowSeconds` is the real time (Slack's clock), never a test's manual clock.
 */
export function verifySlackSignature(
  signingSecret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowSeconds: number,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' };
  const ts = Number(timestamp);
  if (nowSeconds - ts > SIGNATURE_MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  if (ts - nowSeconds > SIGNATURE_MAX_SKEW_SECONDS) return { ok: false, reason: 'future' };
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // Both are `v0=` + 64 hex digits here (checked above), so the lengths match and the compare is constant-time.
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
