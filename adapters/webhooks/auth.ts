/**
 * Integration secrets and the ways a sender presents them: `Authorization: Bearer <secret>`
 * (Alertmanager's `http_config.authorization.credentials`, Grafana's Authorization header), HTTP Basic
 * with the secret as the password (Grafana's basic auth, any curl), or Grafana's HMAC signature.
 * Pure functions: no clock (time is a parameter), no storage, no logging of what was presented.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new integration secret: 32 random bytes (256 bits), base64url without padding (43 characters). */
/** The core's `Hasher` (src/ports/hashing.ts), on node:crypto. */
export const nodeHasher = {
  sha256Hex: (text: string): string => hashSecret(text),
  newSecret: (): string => newSecret(),
};

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of a secret: its SHA-256, hex. A plain hash (no salt, no slow KDF) is enough here
 * because the secret is not a password a person chose: it is 256 random bits, so there is no dictionary
 * to try and no guessing to slow down, and a leaked hash gives nothing that can be turned back into the
 * secret. A fast hash also keeps the check cheap at thousands of deliveries a second.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The digest bytes of a presented secret, compared with a stored hash in constant time. */
function matches(presentedDigest: Buffer, storedHash: string): boolean {
  if (!HEX_DIGEST.test(storedHash)) return false;
  return timingSafeEqual(presentedDigest, Buffer.from(storedHash, 'hex'));
}

/**
 * Whether `presented` is the secret whose hash is `storedHash`. Both sides are SHA-256 digests of equal
 * length compared with `timingSafeEqual`, so the time taken says nothing about how much of the secret
 * was right. No secret presented never matches.
 */
export function secretMatches(presented: string | null | undefined, storedHash: string): boolean {
  if (!presented) return false;
  return matches(createHash('sha256').update(presented, 'utf8').digest(), storedHash);
}

/**
 * Which of `storedHashes` (an integration's current secret and, during a rotation's grace period, the
 * previous one) `presented` matches, or -1. Every hash is compared, whatever matched, so the time taken
 * does not tell which one did or whether any did.
 */
export function matchingSecret(presented: string | null | undefined, storedHashes: readonly string[]): number {
  if (!presented) return -1;
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found = -1;
  storedHashes.forEach((h, i) => {
    if (matches(digest, h) && found < 0) found = i;
  });
  return found;
}

/** Header values as Node's `IncomingMessage.headers` has them (names in lower case). */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Longer Authorization values are not read (a secret is 43 characters; Basic adds a user name). */
const MAX_AUTHORIZATION = 4_096;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A single header value, or undefined when absent, repeated or over `max`. */
function single(headers: Headers, name: string, max: number): string | undefined {
  const v = headers[name];
  if (typeof v !== 'string' || v.length > max) return undefined;
  return v;
}

/**
 * The secret a request presents in its Authorization header: the token of `Bearer <secret>`, or the
 * password of `Basic base64(user:secret)` (the user name is ignored; Grafana and curl need one, any will
 * do). Scheme names are case-insensitive. Null when there is none, the header is malformed or repeated.
 */
export function presentedSecret(headers: Headers): string | null {
  const auth = single(headers, 'authorization', MAX_AUTHORIZATION)?.trim();
  if (!auth) return null;
  const m = /^(\S+)\s+(\S+)$/.exec(auth);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const value = m[2]!;
  if (scheme === 'bearer') return value;
  if (scheme !== 'basic' || !BASE64.test(value)) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const secret = decoded.slice(colon + 1);
  return secret === '' ? null : secret;
}

/**
 * Grafana's HMAC signature header (its default; a contact point may name another). The value is the hex
 * HMAC-SHA256 of the body, or of `timestamp:body` when a timestamp header is configured.
 */
export const GRAFANA_SIGNATURE_HEADER = 'x-grafana-alerting-signature';

/**
 * The timestamp header Pacta asks Grafana to send (Grafana has no default: the contact point's
 * "Timestamp Header" field names it). Unix seconds, signed with the body.
 */
export const GRAFANA_TIMESTAMP_HEADER = 'x-grafana-alerting-timestamp';

/** How far a signed timestamp may be from now, either way: 5 minutes (clock skew plus Grafana's retries). */
export const GRAFANA_SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      /**
       * `missing`: no signature (or no timestamp when one is required); `malformed`: not 64 hex digits,
       * or a timestamp that is not Unix seconds; `mismatch`: signed with another secret or over another
       * body or timestamp; `stale`: a good signature whose timestamp is outside the tolerance (a replay,
       * or a clock far off).
       */
      reason: 'missing' | 'malformed' | 'mismatch' | 'stale';
    };

export type GrafanaSignatureOptions = {
  /** How far the timestamp may be from `nowMs`, either way. Default `GRAFANA_SIGNATURE_TOLERANCE_MS`. */
  toleranceMs?: number;
  /**
   * Whether a signature without a timestamp is refused (default true): without one a captured request
   * can be replayed forever. Set false only for a contact point that cannot send one.
   */
  requireTimestamp?: boolean;
};

/**
 * Checks Grafana's HMAC signature of a webhook request, as Grafana computes it: HMAC-SHA256 keyed with
 * the secret's UTF-8 bytes, over `<timestamp>:<body>` (or the body alone when no timestamp header is
 * configured), sent as lower-case hex. The comparison is constant-time; the timestamp (Unix seconds) must
 * be within `toleranceMs` of `nowMs`. `body` is the raw request body, byte for byte as received.
 *
 * Unlike the Authorization header, this needs the secret itself at hand, not only its hash.
 */
export function verifyGrafanaSignature(
  secret: string,
  timestampHeader: string | null | undefined,
  body: Uint8Array,
  signatureHeader: string | null | undefined,
  nowMs: number,
  options: GrafanaSignatureOptions = {},
): SignatureCheck {
  const { toleranceMs = GRAFANA_SIGNATURE_TOLERANCE_MS, requireTimestamp = true } = options;
  if (!signatureHeader) return { ok: false, reason: 'missing' };
  const signature = signatureHeader.trim();
  if (!HEX_DIGEST.test(signature)) return { ok: false, reason: 'malformed' };
  const timestamp = timestampHeader?.trim() || null;
  if (timestamp === null && requireTimestamp) return { ok: false, reason: 'missing' };
  if (timestamp !== null && !/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'malformed' };
  if (secret === '') return { ok: false, reason: 'mismatch' };

  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  if (timestamp !== null) mac.update(`${timestamp}:`, 'utf8');
  mac.update(body);
  if (!timingSafeEqual(mac.digest(), Buffer.from(signature, 'hex'))) return { ok: false, reason: 'mismatch' };

  if (timestamp !== null && Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}
