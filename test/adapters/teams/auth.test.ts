/**
 * With MICROSOFT_APP_ID configured, /api/messages takes only requests carrying a Bot Framework token for
 * this bot; anything else gets 401 and changes nothing. Token validation is the real CloudAdapter's,
 * pointed at signing keys served on loopback.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { ANA, BOT, TENANT, installationUpdate, message } from './activities.ts';
import { START, startTeamsHarness, type TeamsHarness } from './harness.ts';
import { startTokenServer, type TokenServer } from './token-server.ts';

const APP_ID = BOT.id.replace(/^28:/, '');

let db: TestDatabase;
let keys: TokenServer;
let h: TeamsHarness;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  keys = await startTokenServer();
  h = await startTeamsHarness({
    db: db.handle,
    env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT },
    teams: { authentication: keys.settings },
  });
});

afterAll(async () => {
  await h.close();
  await keys.close();
});

beforeEach(async () => {
  await db.reset();
  h.connector.calls.length = 0;
  h.time.set(START);
  await seedEstate(h.app.store, h.time);
});

/** Rows in the tables an activity could write to. */
async function written(): Promise<Record<string, number>> {
  const count = async (table: string) => {
    const rows = await db.handle.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
    return (Array.isArray(rows) ? rows : (rows as { rows: Array<{ n: number }> }).rows)[0]!.n;
  };
  return {
    conversations: await count('conversation_refs'),
    processed: await count('processed_events'),
    incidents: await count('incidents'),
    messages: await count('message_refs'),
  };
}

const NOTHING = { conversations: 0, processed: 0, incidents: 0, messages: 0 };

describe('with an app id configured', () => {
  const open = () => message(h.connector.url, 'open payments P1 Card payments failing', ANA);

  it('refuses a request without a token: 401, nothing written, nothing sent', async () => {
    const res = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(open()) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await written()).toEqual(NOTHING);
    expect(h.connector.calls).toEqual([]);
  });

  it('refuses a malformed token, a forged token, a token for another bot and a token for another service URL', async () => {
    const serviceurl = h.connector.url;
    const tokens = {
      malformed: 'not-a-jwt',
      forged: keys.forged({ aud: APP_ID, serviceurl }),
      otherBot: keys.token({ aud: '00000000-0000-4000-8000-000000000000', serviceurl }),
      otherServiceUrl: keys.token({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' }),
      expired: keys.token({ aud: APP_ID, serviceurl, nbf: 1_600_000_000, iat: 1_600_000_000, exp: 1_600_000_600 }),
    };
    // The SDK prints bad signatures and expired tokens to stderr itself; keep the test output readable.
    const sdkNoise = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const [what, token] of Object.entries(tokens)) {
        const res = await h.send(open(), { authorization: `Bearer ${token}` });
        expect(res.status, what).toBe(401);
      }
    } finally {
      sdkNoise.mockRestore();
    }
    expect(await written()).toEqual(NOTHING);
    expect(h.connector.calls).toEqual([]);
  });

  it('accepts a request signed by the Bot Framework for this bot (the control: a 401 above means rejected, not broken)', async () => {
    const activity = installationUpdate(h.connector.url, ANA);
    const res = await h.send(activity, { authorization: `Bearer ${keys.token({ aud: APP_ID, serviceurl: h.connector.url })}` });
    expect(res.status).toBe(200);
    expect((await written()).conversations).toBe(1);
  });

  it('logs that it serves the app id, not anonymous mode', () => {
    expect(h.logs.some((l) => l.msg.includes(`accepts Bot Framework requests for app ${APP_ID}`))).toBe(true);
    expect(h.logs.some((l) => l.msg.includes('anonymous mode'))).toBe(false);
  });
});
