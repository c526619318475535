/**
 * A stand-in for the Bot Framework's token signing keys: an OpenID configuration and JWKS on loopback,
 * and tokens signed as the Bot Connector signs them (RS256, issuer `https://api.botframework.com`,
 * audience the bot's app id, `serviceurl` claim). Pointing the CloudAdapter's token validation here
 * lets the tests show that a valid token is accepted — so a 401 means "rejected", not "broken".
 */
import { createServer } from 'node:http';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const ISSUER = 'https://api.botframework.com';
const KEY_ID = 'pacta-test-key';

export type TokenServer = {
  /** The OpenID metadata URL (ToBotFromChannelOpenIdMetadataUrl). */
  metadataUrl: string;
  /** Authentication settings for the CloudAdapter: public-cloud values, keys from this server. */
  settings: Record<string, string | boolean>;
  /** A token signed with the published key. */
  token(claims: Record<string, unknown>): string;
  /** A token with the published key's id, signed with a key nobody published. */
  forged(claims: Record<string, unknown>): string;
  close(): Promise<void>;
};

export async function startTokenServer(): Promise<TokenServer> {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  let base = '';
  const server = createServer((req, res) => {
    const body =
      req.url === '/openid'
        ? { issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/keys'
          ? // Bot Framework keys carry endorsements: the channels they may sign for.
            { keys: [{ kty: 'RSA', use: 'sig', kid: KEY_ID, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator'] }] }
          : null;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const metadataUrl = `${base}/openid`;
  return {
    metadataUrl,
    settings: {
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
      ToBotFromChannelTokenIssuer: ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    },
    token: (claims) => jwt(claims, published.privateKey),
    forged: (claims) => jwt(claims, other.privateKey),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function jwt(claims: Record<string, unknown>, key: KeyObject): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: KEY_ID };
  const payload = { iss: ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
  const encode = (x: object) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
