/**
 * Hashing and random secrets, which the core needs (integration secrets are stored only as hashes;
 * deliveries are compared by a digest of their content) but may not take from a platform module itself.
 * The implementation lives in `adapters/webhooks/auth.ts`.
 */
export type Hasher = {
  /** SHA-256 of the UTF-8 text, lower-case hex. */
  sha256Hex(text: string): string;
  /** A fresh secret: 32 random bytes, base64url. */
  newSecret(): string;
};
