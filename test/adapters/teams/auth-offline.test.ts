/**
 * With MICROSOFT_APP_ID configured and the Bot Framework's signing keys out of reach (the key service
 * refuses connections, or fails), Pacta cannot authenticate a request — so it refuses it: 401, the cause
 * logged at warn, nothing written, nothing sent. Token validation is the real CloudAdapter's, pointed at
 * key endpoints on loopback.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { ANA, BOT, TENANT, message } from './activities.ts';
import { START, startTeamsHarness, tableSnapshot, type TeamsHarness } from './harness.ts';
import { startTokenServer, type TokenServer } from './token-server.ts';

const APP_ID = BOT.id.replace(/^28:/, '');

/** A loopback port nothing listens on: connections to it are refused at once. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A key service that answers every request with 503. */
async function failingKeyService(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let signer: TokenServer;
let failing: Awaited<ReturnType<typeof failingKeyService>>;

beforeAll(async () => {
  // Signs tokens as the Bot Framework would; the adapters below never reach its keys.
  signer = await startTokenServer();
  failing = await failingKeyService();
});

afterAll(async () => {
  await signer.close();
  await failing.close();
});

const keyEndpoints: Array<[string, () => Promise<string>]> = [
  ['refuses connections', async () => `http://127.0.0.1:${await refusedPort()}/openid`],
  ['answers 503', async () => failing.url],
];

describe.each(keyEndpoints)('with an app id and a key service that %s', (_what, metadataUrl) => {
  let db: TestDatabase;
  let h: TeamsHarness;
  let logMark = 0;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    const url = await metadataUrl();
    h = await startTeamsHarness({
      db: db.handle,
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT },
      teams: { authentication: { ...signer.settings, ToBotFromChannelOpenIdMetadataUrl: url, ToBotFromEmulatorOpenIdMetadataUrl: url } },
    });
  });

  afterAll(async () => {
    await h.close();
  });

  beforeEach(async () => {
    await db.reset();
    h.connector.calls.length = 0;
    h.time.set(START);
    await seedEstate(h.app.store, h.time);
    logMark = h.logs.length;
  });

  it('a forged JWT-shaped token and a well-signed one are both refused with 401, the cause logged at warn', async () => {
    const serviceurl = h.connector.url;
    const tokens = { forged: signer.forged({ aud: APP_ID, serviceurl }), signed: signer.token({ aud: APP_ID, serviceurl }) };
    const before = await tableSnapshot(db.handle);
    // The SDK prints failed key fetches to stderr itself; keep the test output readable.
    const sdkNoise = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const [what, token] of Object.entries(tokens)) {
        const mark = h.logs.length;
        const res = await h.send(message(serviceurl, 'open payments P1 Card payments failing', ANA), { authorization: `Bearer ${token}` });
        expect(res.status, what).toBe(401);
        expect(res.body, what).toMatchObject({ error: 'unauthorized' });
        const lines = h.logs.slice(mark).filter((l) => l.level >= 40);
        expect(lines, what).toHaveLength(1);
        expect(lines[0], what).toMatchObject({ level: 40, reason: expect.any(String) });
        expect(lines[0]!.msg, what).toMatch(/could not be checked/);
      }
    } finally {
      sdkNoise.mockRestore();
    }
    expect(await tableSnapshot(db.handle)).toEqual(before);
    expect(h.connector.calls).toEqual([]);
    expect(h.logs.slice(logMark).filter((l) => l.level >= 50)).toEqual([]);
  });
});
