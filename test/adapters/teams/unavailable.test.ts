/**
 * Teams while Pacta's database is unavailable (issue 16): a message, a card button and a reaction each
 * get "Pacta cannot reach its database right now. Try again in a moment." — a reply in the thread, the
 * invoke's message, a reply to the reaction — and the activity is answered 200, not 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../../src/errors.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { ANA, BOB, execute, message, reaction } from './activities.ts';
import { cardOf, cardText, incidentCardPost, startTeamsHarness, type TeamsHarness } from './harness.ts';

let db: TestDatabase;
let h: TeamsHarness;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  h = await startTeamsHarness({ db: db.handle });
  for (const p of [ANA, BOB]) h.connector.members.set(p.id, p);
  await seedEstate(h.app.store, h.time);
});

afterAll(async () => {
  // Closing the app closes its database too.
  await h.close();
});

const down = () => Promise.reject(new UnavailableError('the database is unavailable (CONNECTION_CLOSED)'));

describe('Teams with the database unavailable', () => {
  it('answers a message, a card button and a reaction with the clear reply', async () => {
    const url = h.connector.url;
    expect((await h.send(message(url, 'open payments P1 Card payments failing', ANA))).status).toBe(200);
    const cardId = incidentCardPost(h.connector, 1)!.responseId!;
    h.connector.calls.length = 0;
    const store = h.app.store as unknown as { transaction: unknown; read: Record<string, object> };
    store.transaction = down;
    for (const repo of Object.values(store.read)) for (const m of ['get', 'find', 'save', 'markProcessed', 'forChannel']) if (m in repo) Object.assign(repo, { [m]: down });

    expect((await h.send(message(url, 'ack INC-1', ANA))).status).toBe(200);
    const [reply] = h.connector.of('reply');
    expect(cardText(cardOf(reply!))).toContain(UNAVAILABLE_TEXT);

    const click = await h.send(execute(url, cardId, 'pacta.ack', { action: 'ack', incident: 1 }, BOB));
    expect(click).toEqual({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: UNAVAILABLE_TEXT } });

    h.connector.calls.length = 0;
    expect((await h.send(reaction(url, cardId, 'like', BOB))).status).toBe(200);
    const [told] = h.connector.of('reply');
    expect(cardText(cardOf(told!))).toContain(UNAVAILABLE_TEXT);
    expect(JSON.stringify(h.connector.calls)).not.toMatch(/error id/);
  });
});
