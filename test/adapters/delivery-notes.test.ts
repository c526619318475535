/**
 * A card the platform will not update is reported the same way on Slack and Teams: the person whose
 * command queued the refresh reads why in their reply, and the refusal shows among the undeliverable
 * notifications. Through the real Bolt app and the real CloudAdapter, each over its fake platform API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { seedEstate } from '../helpers/seed.ts';
import { FakeSlackApi } from './slack/fake-slack-api.ts';
import { startHarness, visibleText } from './slack/slack-harness.ts';
import { ANA, CHANNEL_ID, message } from './teams/activities.ts';
import { cardOf, cardText, startTeamsHarness } from './teams/harness.ts';

const NOTE = /I could not update the incident card: /;

describe('a refused card refresh, told to the person who acted', () => {
  // Each platform's harness closes the app (and its database) when it stops: one database per test.
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
  });
  afterEach(async () => {
    await db.close().catch(() => {});
  });

  it('Slack: the command’s reply says the card could not be updated and why', async () => {
    const api = await new FakeSlackApi().start();
    const h = await startHarness({ db: db.handle, api });
    try {
      await seedEstate(h.app.store, h.time);
      await h.slash('open payments P1 Card payments failing');
      api.script('chat.update', { error: 'not_in_channel' });
      const ack = await h.slash('ack INC-1');
      const text = visibleText(ack.json);
      expect(text).toMatch(/INC-1 · P1\W* · Card payments failing — acknowledged/);
      expect(text).toMatch(NOTE);
      expect(text).toContain('I am not a member of this channel. Invite me with `/invite @Pacta`');
      expect((await h.app.incidents.get(1)).incident.status).toBe('acknowledged');
      expect(await h.app.store.read.outbox.failures(null, 5)).toMatchObject([{ key: expect.stringMatching(/^card:INC-1:update:/) }]);
    } finally {
      await h.stop();
      await api.close();
    }
  });

  it('Teams: the answer in the thread says the same, with Teams’ reason', async () => {
    const h = await startTeamsHarness({ db: db.handle });
    try {
      await seedEstate(h.app.store, h.time);
      h.connector.members.set(ANA.id, ANA);
      expect((await h.send(message(h.connector.url, 'open payments P1 Card payments failing', ANA))).status).toBe(200);
      h.connector.failures.push({ kind: 'update', status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'removed' } } });
      expect((await h.send(message(h.connector.url, 'ack INC-1', ANA))).status).toBe(200);
      const answer = h.connector.of('reply').at(-1)!;
      expect(answer.conversationId.startsWith(CHANNEL_ID)).toBe(true);
      const text = cardText(cardOf(answer));
      expect(text).toMatch(/INC-1 · P1\W* · Card payments failing — acknowledged/);
      expect(text).toMatch(NOTE);
      expect(text).toContain('Teams refused (403)');
      expect(await h.app.store.read.outbox.failures(null, 5)).toMatchObject([{ key: expect.stringMatching(/^card:INC-1:update:/) }]);
    } finally {
      await h.close();
    }
  });
});
