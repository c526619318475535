/**
 * Posting without being spoken to, from a process that never received an activity: a fresh Pacta on
 * the same database finds the conversation reference an earlier process stored, posts to the channel
 * and updates the card the earlier process posted.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../../src/messages/message.ts';
import { UnknownConversationError } from '../../../adapters/teams/teams-chat-port.ts';
import { POSTGRES_URL, openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { tempDir } from '../../e2e/process.ts';
import { ANA, CHANNEL_ID, installed, message } from './activities.ts';
import { startFakeConnector } from './fake-connector.ts';
import { cardOf, cardText, expectValidCards, incidentCardPost, startTeamsHarness } from './harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Where the two processes keep their data: a PGlite directory, or a PostgreSQL database. */
async function sharedDatabase(kind: 'pglite' | 'postgres'): Promise<Record<string, string>> {
  if (kind === 'pglite') {
    const dir = tempDir('teams-proactive');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { PACTA_DATA_DIR: dir };
  }
  const db: TestDatabase = await openTestDatabase('postgres');
  cleanups.push(() => db.close());
  return { DATABASE_URL: db.url! };
}

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !POSTGRES_URL;
  describe.skipIf(skip)(`proactive posts from a fresh process [${kind}]${skip ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`, () => {
    it('posts to a stored channel and updates a card an earlier process posted', async () => {
      const connector = await startFakeConnector();
      cleanups.push(() => connector.close());
      const env = await sharedDatabase(kind);

      // The first process: installed in the channel; an incident opened there; then it stops.
      const first = await startTeamsHarness({ env, connector });
      await seedEstate(first.app.store, first.time);
      expect((await first.send(installed(connector.url, ANA))).status).toBe(200);
      expect((await first.send(message(connector.url, 'open payments P1 Card payments failing', ANA))).status).toBe(200);
      const card = incidentCardPost(connector, 1)!;
      await first.close();
      const before = connector.calls.length;

      // A fresh process on the same database. Nothing reaches its /api/messages.
      const second = await startTeamsHarness({ env, connector });
      try {
        // Acknowledged from elsewhere (the console): the Teams card follows.
        const outcome = await second.app.inbound.command({ text: 'ack INC-1', actor: { platform: 'console', id: 'local', name: 'ops' }, channel: { platform: 'console', id: 'console' } });
        expect(outcome.changed).toBe(true);
        const [update] = connector.calls.slice(before).filter((c) => c.kind === 'update');
        expect(update).toMatchObject({ conversationId: CHANNEL_ID, targetId: card.responseId });
        expect(cardText(cardOf(update!))).toContain('Acknowledged: ops');

        const posted = await second.teams.chat.post({ platform: 'teams', id: CHANNEL_ID }, textMessage('Daily digest for payments'));
        const [post] = connector.calls.slice(before).filter((c) => c.kind === 'send');
        expect(post).toMatchObject({ conversationId: CHANNEL_ID });
        expect(post!.body).not.toHaveProperty('replyToId');
        expect(posted).toEqual({ channel: { platform: 'teams', id: CHANNEL_ID }, id: post!.responseId });
        expect(cardText(cardOf(post!))).toBe('Daily digest for payments');

        // In the thread of the card.
        await second.teams.chat.post({ platform: 'teams', id: CHANNEL_ID }, textMessage('Breach: INC-1'), { channel: posted.channel, id: card.responseId! });
        expect(connector.calls.at(-1)).toMatchObject({ kind: 'send', conversationId: `${CHANNEL_ID};messageid=${card.responseId}` });

        await expect(second.teams.chat.post({ platform: 'teams', id: '19:never-heard-of@thread.tacv2' }, textMessage('hello'))).rejects.toBeInstanceOf(UnknownConversationError);
        expect(expectValidCards(connector)).toBeGreaterThanOrEqual(5);
      } finally {
        await second.close();
      }
    });
  });
}
