/**
 * Direct messages in Teams: a person's 1:1 chat with Pacta is remembered under the person
 * (`teams:user:<Entra object id>`) when they talk to Pacta there or install it for themselves, and a post
 * to `directChannel(person)` continues that chat. Without one, the post fails for good and sends nothing:
 * the page stays the mention in the channel. Through the real CloudAdapter and the fake Bot Connector.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { directChannel } from '../../../src/domain/channel.ts';
import { textMessage } from '../../../src/messages/message.ts';
import { ChatDeliveryError } from '../../../src/ports/chat.ts';
import { referenceKey } from '../../../adapters/teams/conversations.ts';
import { NoPersonalChatError } from '../../../adapters/teams/teams-chat-port.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { ANA, BOB, CHANNEL_ID, GROUP_CHAT_ID, installed, message, personalChatId, type Person } from './activities.ts';
import { startFakeConnector } from './fake-connector.ts';
import { cardOf, cardText, expectValidCards, START, startTeamsHarness, type TeamsHarness } from './harness.ts';

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

afterEach(() => {
  expectValidCards(h.connector);
  expect(h.logs.slice(logMark).filter((l) => l.level >= 50)).toEqual([]);
});

const url = () => h.connector.url;
/** The channel the core pages a Teams person on (`user:<aadObjectId>`). */
const dm = (p: Person) => directChannel({ platform: 'teams', id: p.aadObjectId });
const personKey = (p: Person) => referenceKey(dm(p));
type Stored = { serviceUrl: string; channelId: string; conversation: { id: string; conversationType?: string }; user?: { aadObjectId?: string } };

describe('remembering a person’s 1:1 chat', () => {
  it('stores the 1:1 chat of a person who messages Pacta under `teams:user:<object id>`', async () => {
    expect(personKey(ANA)).toBe(`teams:user:${ANA.aadObjectId}`);
    expect((await h.send(message(url(), 'help', ANA, { kind: 'personal', person: ANA }))).status).toBe(200);
    const stored = (await h.app.store.read.conversations.get(personKey(ANA))) as Stored;
    expect(stored).toMatchObject({ serviceUrl: url(), channelId: 'msteams', conversation: { id: personalChatId(ANA), conversationType: 'personal' }, user: { aadObjectId: ANA.aadObjectId } });
    expect(stored).not.toHaveProperty('activityId');
    // The conversation's own key is stored as before, with the same reference.
    expect(await h.app.store.read.conversations.get(`teams:${personalChatId(ANA)}`)).toEqual(stored);
  });

  it('stores it when a person installs Pacta for themselves', async () => {
    expect((await h.send(installed(url(), BOB, { kind: 'personal', person: BOB }))).status).toBe(200);
    expect(await h.app.store.read.conversations.get(personKey(BOB))).toMatchObject({ conversation: { id: personalChatId(BOB), conversationType: 'personal' } });
    // The welcome card went to the 1:1 chat.
    expect(h.connector.of('send')).toMatchObject([{ conversationId: personalChatId(BOB) }]);
  });

  it('does not store a person key for channel or group-chat conversations', async () => {
    expect((await h.send(installed(url(), BOB))).status).toBe(200);
    expect((await h.send(message(url(), 'status', BOB))).status).toBe(200);
    expect((await h.send(message(url(), 'status', BOB, { kind: 'groupChat' }))).status).toBe(200);
    expect(await h.app.store.read.conversations.get(`teams:${CHANNEL_ID}`)).not.toBeNull();
    expect(await h.app.store.read.conversations.get(`teams:${GROUP_CHAT_ID}`)).not.toBeNull();
    expect(await h.app.store.read.conversations.get(personKey(BOB))).toBeNull();
    // So a direct message to Bob has nowhere to go.
    await expect(h.teams.chat.post(dm(BOB), textMessage('Page'))).rejects.toBeInstanceOf(NoPersonalChatError);
  });

  it('keeps the stored 1:1 chat current (a changed service URL)', async () => {
    const elsewhere = await startFakeConnector();
    try {
      expect((await h.send(message(elsewhere.url, 'help', ANA, { kind: 'personal', person: ANA }))).status).toBe(200);
      expect(await h.app.store.read.conversations.get(personKey(ANA))).toMatchObject({ serviceUrl: elsewhere.url });
    } finally {
      await elsewhere.close();
    }
    expect((await h.send(message(url(), 'help', ANA, { kind: 'personal', person: ANA }))).status).toBe(200);
    expect(await h.app.store.read.conversations.get(personKey(ANA))).toMatchObject({ serviceUrl: url() });
    h.connector.calls.length = 0;
    await h.teams.chat.post(dm(ANA), textMessage('Page'));
    expect(h.connector.of('send')).toMatchObject([{ conversationId: personalChatId(ANA) }]);
  });
});

describe('posting to `user:<object id>`', () => {
  it('continues the person’s 1:1 chat, and updates the message there', async () => {
    expect((await h.send(message(url(), 'help', ANA, { kind: 'personal', person: ANA }))).status).toBe(200);
    h.connector.calls.length = 0;

    const posted = await h.teams.chat.post(dm(ANA), textMessage('You are paged: INC-1 payments P1'));
    const [post] = h.connector.of('send');
    expect(h.connector.calls).toHaveLength(1);
    expect(post).toMatchObject({ conversationId: personalChatId(ANA) });
    expect(post!.body).not.toHaveProperty('replyToId');
    expect(cardText(cardOf(post!))).toBe('You are paged: INC-1 payments P1');
    // The message is known by the person's channel, so the dispatcher can update it later.
    expect(posted).toEqual({ channel: { platform: 'teams', id: `user:${ANA.aadObjectId}` }, id: post!.responseId });

    await h.teams.chat.update(posted, textMessage('Acknowledged by Bob Stone'));
    const [update] = h.connector.of('update');
    expect(update).toMatchObject({ conversationId: personalChatId(ANA), targetId: post!.responseId });
    expect(cardText(cardOf(update!))).toBe('Acknowledged by Bob Stone');

    // A reply in a thread is an ordinary message in a 1:1 chat (no threads there).
    await h.teams.chat.post(dm(ANA), textMessage('Still open'), posted);
    expect(h.connector.calls.at(-1)).toMatchObject({ kind: 'send', conversationId: personalChatId(ANA) });
  });

  it('fails for good, sending nothing, for a person Pacta has no 1:1 chat with', async () => {
    // Bob is known in the channel, but has never talked to Pacta alone.
    expect((await h.send(message(url(), 'status', BOB))).status).toBe(200);
    h.connector.calls.length = 0;

    const err = await h.teams.chat.post(dm(BOB), textMessage('You are paged')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoPersonalChatError);
    expect(err).toBeInstanceOf(ChatDeliveryError);
    expect((err as ChatDeliveryError).detail.permanent).toBe(true);
    expect((err as Error).message).toContain(`Pacta has no 1:1 chat with Teams user ${BOB.aadObjectId}`);
    expect((err as Error).message).toContain('mention only');
    expect((err as ChatDeliveryError).detail.advice).toContain('no 1:1 chat with this person');

    await expect(h.teams.chat.update({ channel: dm(BOB), id: '1763999000001' }, textMessage('Acknowledged'))).rejects.toBeInstanceOf(NoPersonalChatError);
    expect(h.connector.calls).toEqual([]);
  });
});
