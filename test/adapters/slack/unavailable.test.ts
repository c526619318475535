/**
 * Slack while Pacta's database is unavailable (issue 16): a slash command, a button and a reaction each
 * get "Pacta cannot reach its database right now. Try again in a moment." — in the ack, at the click's
 * response_url, and ephemerally to whoever reacted — never the apology with an error id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../../src/errors.ts';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ALICE, CHANNEL, startHarness, visibleText, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

let db: TestDatabase;
let api: FakeSlackApi;
let h: SlackHarness;

useSlackTestBed((d, a) => {
  db = d;
  api = a;
});
afterEach(async () => {
  await h?.stop();
  expect(api.violations).toEqual([]);
});

const down = () => Promise.reject(new UnavailableError('the database is unavailable (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432)'));

describe('Slack with the database unavailable', () => {
  it('answers a command, a click and a reaction with the clear reply', async () => {
    h = await startHarness({ db: db.handle, api });
    await seedEstate(h.app.store, h.time);
    await h.slash('open payments P1 Card payments failing', { user: 'U0ADMIN' });
    const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
    api.reset();
    // The database goes away: every read and transaction fails as db/store.ts reports an outage.
    const store = h.app.store as unknown as { transaction: unknown; read: Record<string, object> };
    store.transaction = down;
    for (const repo of Object.values(store.read)) for (const m of ['get', 'find', 'list', 'markProcessed', 'forChannel']) if (m in repo) Object.assign(repo, { [m]: down });

    const command = await h.slash('ack INC-1');
    expect(command.status).toBe(200);
    expect(visibleText(command.json)).toBe(UNAVAILABLE_TEXT);

    await h.click({ messageTs: ts, value: 'ack INC-1' });
    await h.settle();
    expect(api.responses.map((r) => visibleText(r.body))).toEqual([UNAVAILABLE_TEXT]);

    await h.react('reaction_added', { ts });
    await h.settle();
    const [told] = api.callsOf('chat.postEphemeral');
    expect(told!.params).toMatchObject({ channel: CHANNEL, user: ALICE });
    expect(visibleText(told!.params)).toBe(UNAVAILABLE_TEXT);
    expect(JSON.stringify([command.json, api.responses, told])).not.toMatch(/error id/);
  });
});
