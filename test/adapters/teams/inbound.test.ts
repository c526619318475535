/**
 * What reaches /api/messages that Pacta cannot or must not act on, through the real CloudAdapter in
 * anonymous mode: activities missing what Bot Framework always sends get a 400, one warning and no
 * write; stored text is shown, never turned into a mention or a broadcast.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { ANA, BOB, message } from './activities.ts';
import { cardOf, cardText, expectValidCards, incidentCardPost, START, startTeamsHarness, tableSnapshot, type TeamsHarness } from './harness.ts';

let db: TestDatabase;
let h: TeamsHarness;
let logMark = 0;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  h = await startTeamsHarness({ db: db.handle });
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await db.reset();
  h.connector.calls.length = 0;
  h.connector.members.clear();
  for (const p of [ANA, BOB]) h.connector.members.set(p.id, p);
  logMark = h.logs.length;
  h.time.set(START);
  await seedEstate(h.app.store, h.time);
});

const url = () => h.connector.url;
const newLogs = () => h.logs.slice(logMark);

describe('activities Pacta cannot use', () => {
  const without = (field: string) => {
    const a: Record<string, unknown> = message(url(), 'open payments P1 Card payments failing', ANA);
    delete a[field];
    return a;
  };
  const cases: Array<[string, () => Record<string, unknown>]> = [
    ['without from', () => without('from')],
    ['with from: null', () => ({ ...without('from'), from: null })],
    ['with a from that has no id', () => ({ ...without('from'), from: { name: 'Ana Lima' } })],
    ['without conversation', () => without('conversation')],
    ['without serviceUrl', () => without('serviceUrl')],
    ['without recipient', () => without('recipient')],
    ['without channelId', () => without('channelId')],
  ];

  it.each(cases)('a message %s: 400, one warning, nothing written, nothing sent', async (_what, activity) => {
    const before = await tableSnapshot(db.handle);
    const res = await h.send(activity());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request' });
    const lines = newLogs().filter((l) => l.level >= 40);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40 });
    expect(lines[0]!.msg).toMatch(/Teams: refused an activity/);
    expect(await tableSnapshot(db.handle)).toEqual(before);
    expect(h.connector.calls).toEqual([]);
  });
});

describe('stored text in Teams', () => {
  it('a person in a title from Slack shows by name, and nothing typed becomes a mention or a broadcast', async () => {
    const alice = { platform: 'slack' as const, id: 'U0ALICE', name: 'alice' };
    await h.app.incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Ask <@U0BOB|bob> <!channel> @here <at>Ana Lima</at>', actor: alice, channel: { platform: 'slack', id: 'C0INC' } });
    const res = await h.send(message(url(), 'incident INC-1', ANA));
    expect(res.status).toBe(200);
    const [reply] = h.connector.of('reply');
    const card = cardOf(reply!);
    const text = cardText(card);
    expect(text).toContain('INC-1 · P1 · Ask bob');
    // The timeline's opened line: bob by name (a Slack user), the rest escaped for Teams Markdown.
    expect(text).toContain('Ask bob \\<!channel\\> @here \\<\u200bat\\>Ana Lima\\<\u200b/at\\>');
    expect(JSON.stringify(card)).not.toMatch(/<at>/i);
    expect(card.msteams.entities).toBeUndefined();
    expectValidCards(h.connector);
  });

  it('a Teams title with an <at> typed as text and @channel mentions no one', async () => {
    // Teams sends typed angle brackets as entities; only Pacta is mentioned (with an entity).
    const res = await h.send(message(url(), 'open payments P1 Ping &lt;at&gt;Bob Stone&lt;/at&gt; and @channel', ANA));
    expect(res.status).toBe(200);
    expect((await h.app.incidents.get(1)).incident.title).toBe('Ping <at>Bob Stone</at> and @channel');
    const card = cardOf(incidentCardPost(h.connector, 1)!);
    // Ana opened it: the one mention is hers, from the Opened field — never one from the title's text.
    expect(card.msteams.entities?.map((e) => e.mentioned.id)).toEqual([ANA.aadObjectId]);
    expect(JSON.stringify(card.body).match(/<at>/g)).toHaveLength((JSON.stringify(card.body).match(/<at>Ana Lima<\/at>/g) ?? []).length);
    expectValidCards(h.connector);
  });
});
