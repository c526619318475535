/**
 * Pacta in Teams, end to end: Bot Framework activities POSTed to Pacta's real HTTP server, handled by
 * the real CloudAdapter (anonymous mode), with replies, posts and updates recorded by a fake Bot
 * Connector on loopback.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textMessage } from '../../../src/messages/message.ts';
import { ChatDeliveryError } from '../../../src/ports/chat.ts';
import type { AdaptiveCardJson } from '../../../adapters/teams/render-card.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { ANA, BOB, CHANNEL_ID, GROUP_CHAT_ID, VIC, execute, installationUpdate, installed, message, personalChatId, reaction } from './activities.ts';
import { cardOf, cardText, expectValidCards, incidentCardPost, START, startTeamsHarness, type TeamsHarness } from './harness.ts';

let db: TestDatabase;
let h: TeamsHarness;
/** Cards returned in invoke responses; checked with every posted card after each test. */
let invokeCards: object[] = [];
/** Where this test's log lines start. */
let logMark = 0;

beforeAll(async () => {
  db = await openTestDatabase('pglite');
  // Resolving by reaction is off in Teams by default; the tests turn it on with an emoji id's name.
  h = await startTeamsHarness({ db: db.handle, env: { PACTA_RESOLVE_REACTIONS: 'teams:white_heavy_check_mark' } });
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await db.reset();
  h.connector.calls.length = 0;
  h.connector.members.clear();
  for (const p of [ANA, BOB, VIC]) h.connector.members.set(p.id, p);
  invokeCards = [];
  logMark = h.logs.length;
  h.time.set(START);
  await seedEstate(h.app.store, h.time);
  await h.app.store.read.roles.set('teams', VIC.aadObjectId, 'viewer', { platform: 'system', id: 'pacta', name: 'Pacta' }, h.time.now());
});

afterEach(() => {
  expectValidCards(h.connector, invokeCards);
  // Nothing a test does here should make Pacta log an error.
  expect(h.logs.slice(logMark).filter((l) => l.level >= 50)).toEqual([]);
});

const url = () => h.connector.url;

/** Opens INC-1 from the channel; returns the id of its card. */
async function openIncident(): Promise<string> {
  const res = await h.send(message(url(), 'open payments P1 Card payments failing --impact outage', ANA));
  expect(res.status).toBe(200);
  const post = incidentCardPost(h.connector, 1);
  expect(post).toBeDefined();
  return post!.responseId!;
}

describe('commands in a channel', () => {
  it('runs a message that mentions Pacta and answers in the thread of the question', async () => {
    const question = message(url(), 'status', ANA);
    const res = await h.send(question);
    expect(res.status).toBe(200);
    const [reply] = h.connector.of('reply');
    expect(reply).toMatchObject({ conversationId: `${CHANNEL_ID};messageid=${question.id}`, targetId: question.id });
    expect(reply!.body).toMatchObject({ type: 'message', replyToId: question.id, from: { id: '28:6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11' } });
    // Anonymous mode: no token was fetched for the outbound call (nothing left the machine for one).
    expect(reply!.authorization).toBeNull();
    const text = cardText(cardOf(reply!));
    expect(text).toContain('payments');
    expect(text).toContain('search');
    expect(h.connector.of('send')).toEqual([]);
    // The conversation is remembered under the channel, not the thread it came from.
    const stored = (await h.app.store.read.conversations.get(`teams:${CHANNEL_ID}`)) as { conversation: { id: string }; serviceUrl: string };
    expect(stored).toMatchObject({ serviceUrl: url(), channelId: 'msteams', conversation: { id: CHANNEL_ID, conversationType: 'channel' } });
  });

  it('folds a long answer in a channel thread behind "Show more", and shows it whole in a 1:1 chat', async () => {
    await h.send(message(url(), 'help', ANA));
    const inChannel = cardOf(h.connector.of('reply')[0]!) as unknown as { body: Array<Record<string, unknown>> };
    const fold = inChannel.body.find((e) => e['type'] === 'Container') as { id: string; isVisible: boolean; items: unknown[] };
    expect(fold).toMatchObject({ isVisible: false });
    expect(fold.items.length).toBeGreaterThan(0);
    const toggle = inChannel.body.at(-1) as { actions: Array<Record<string, unknown>> };
    expect(toggle.actions[0]).toMatchObject({ type: 'Action.ToggleVisibility', targetElements: [fold.id] });
    expect(String(toggle.actions[0]!['title'])).toMatch(/^Show \d+ more lines$/);
    // Nothing is lost: the folded part carries the rest of the command list.
    expect(cardText(inChannel)).toContain('role grant');

    await h.send(message(url(), 'help', ANA, { kind: 'personal', person: ANA }));
    const inChat = cardOf(h.connector.of('reply')[1]!);
    expect(inChat.body.some((e) => (e as { type: string }).type === 'Container')).toBe(false);
    expect(cardText(inChat)).toContain('role grant');
  });

  it('opens an incident: the card is a new post in the channel with Action.Execute buttons; the answer goes in the thread', async () => {
    const cardId = await openIncident();
    const [post] = h.connector.of('send');
    expect(post!.conversationId).toBe(CHANNEL_ID);
    expect(post!.body).not.toHaveProperty('replyToId');
    const card = cardOf(post!);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'INC-1 · P1 · Card payments failing', color: 'Attention' });
    const actions = card.body.filter((e) => e.type === 'ActionSet').flatMap((e) => (e as { actions: unknown[] }).actions);
    expect(actions).toContainEqual(expect.objectContaining({ type: 'Action.Execute', title: 'Acknowledge', verb: 'pacta.ack', data: { action: 'ack', incident: 1 } }));
    expect(cardText(card)).toContain('<at>Ana Lima</at>');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Ana Lima</at>', mentioned: { id: ANA.aadObjectId, name: 'Ana Lima' } }]);
    const [reply] = h.connector.of('reply');
    expect(cardText(cardOf(reply!))).toMatch(/INC-1.*opened/);
    // The card is remembered, so reactions and updates find it.
    expect(await h.app.store.read.messages.forIncident(1, 'card')).toEqual([{ channel: { platform: 'teams', id: CHANNEL_ID }, messageId: cardId, incidentNumber: 1, kind: 'card' }]);
    const incident = await h.app.store.read.incidents.get(1);
    expect(incident?.openedBy).toEqual({ platform: 'teams', id: ANA.aadObjectId, name: 'Ana Lima' });
  });

  it('ignores channel messages that do not mention Pacta', async () => {
    const res = await h.send(message(url(), 'open payments P1 Not for Pacta', ANA, { kind: 'channel' }, false));
    expect(res.status).toBe(200);
    expect(h.connector.calls).toEqual([]);
    expect(await h.app.store.read.incidents.get(1)).toBeNull();
  });

  it('takes plain text in a 1:1 chat and answers there', async () => {
    const question = message(url(), 'open payments P1 From a chat', BOB, { kind: 'personal', person: BOB });
    await h.send(question);
    const [reply] = h.connector.of('reply');
    expect(reply!.conversationId).toBe(personalChatId(BOB));
    expect(cardText(cardOf(reply!))).toMatch(/INC-1.*opened/);
    expect(h.connector.of('send')[0]!.conversationId).toBe(personalChatId(BOB));
  });

  it('answers in a group chat when mentioned', async () => {
    await h.send(message(url(), 'incidents', ANA, { kind: 'groupChat' }));
    expect(h.connector.of('reply')[0]!.conversationId).toBe(GROUP_CHAT_ID);
  });

  it('turns a mention of a person into that person for `role grant`, by their Entra object id', async () => {
    const activity = message(url(), 'role grant <at>Bob Stone</at> viewer', ANA);
    (activity['entities'] as unknown[]).push({ type: 'mention', text: '<at>Bob Stone</at>', mentioned: { id: BOB.id, name: 'Bob Stone' } });
    await h.send(activity);
    expect(await h.app.store.read.roles.get('teams', BOB.aadObjectId)).toBe('viewer');
    expect(h.connector.of('member').map((c) => c.targetId)).toEqual([BOB.id]);
  });

  it('acts once on a redelivered message (same activity id)', async () => {
    const open = message(url(), 'open payments P1 Card payments failing', ANA);
    expect((await h.send(open)).status).toBe(200);
    expect((await h.send(open)).status).toBe(200);
    expect(await h.app.store.read.incidents.list({})).toHaveLength(1);
    expect(h.connector.of('send')).toHaveLength(1);
    expect(h.connector.of('reply')).toHaveLength(1);
  });
});

describe('acknowledge by reaction', () => {
  it('a like on the card acknowledges as the reacting person, updates the card in place and notes it in the thread', async () => {
    const cardId = await openIncident();
    h.time.advance(5 * 60_000);
    const res = await h.send(reaction(url(), cardId, 'like', BOB));
    expect(res.status).toBe(200);
    const incident = await h.app.store.read.incidents.get(1);
    expect(incident?.status).toBe('acknowledged');
    // Teams sent no name with the reaction; the member lookup found it.
    expect(incident?.acknowledgedBy).toEqual({ platform: 'teams', id: BOB.aadObjectId, name: 'Bob Stone' });
    const [update] = h.connector.of('update');
    expect(update).toMatchObject({ method: 'PUT', conversationId: CHANNEL_ID, targetId: cardId });
    const updated = cardOf(update!);
    expect(cardText(updated)).toContain('Acknowledged: <at>Bob Stone</at>');
    expect(cardText(updated)).not.toContain('[Acknowledge]');
    const note = h.connector.of('send').at(-1)!;
    expect(note.conversationId).toBe(`${CHANNEL_ID};messageid=${cardId}`);
    expect(cardText(cardOf(note))).toBe('<at>Bob Stone</at> acknowledged **INC-1** with the like reaction.');
  });

  it('taking the like back within 60 s undoes the acknowledgement', async () => {
    const cardId = await openIncident();
    await h.send(reaction(url(), cardId, 'like', BOB));
    h.time.advance(20_000);
    await h.send(reaction(url(), cardId, 'like', BOB, false));
    expect((await h.app.store.read.incidents.get(1))?.status).toBe('open');
    expect(h.connector.of('update')).toHaveLength(2);
    expect(cardText(cardOf(h.connector.of('update')[1]!))).toContain('[Acknowledge]');
  });

  it('matches configured names against Teams emoji ids: white_heavy_check_mark resolves on 2705_whiteheavycheckmark', async () => {
    const cardId = await openIncident();
    await h.send(reaction(url(), cardId, '2705_whiteheavycheckmark', BOB));
    expect((await h.app.store.read.incidents.get(1))?.status).toBe('resolved');
    expect(cardText(cardOf(h.connector.of('send').at(-1)!))).toContain('<at>Bob Stone</at> resolved **INC-1** with the white_heavy_check_mark reaction');
  });

  it("a viewer's reaction changes nothing", async () => {
    const cardId = await openIncident();
    const before = h.connector.calls.length;
    expect((await h.send(reaction(url(), cardId, 'like', VIC))).status).toBe(200);
    expect((await h.app.store.read.incidents.get(1))?.status).toBe('open');
    expect((await h.app.store.read.incidents.events(1)).map((e) => e.kind)).toEqual(['opened']);
    // Only the name lookup: no update, no note.
    expect(h.connector.calls.slice(before).map((c) => c.kind)).toEqual(['member']);
  });

  it('other reactions, and reactions on messages that are not incident cards, change nothing', async () => {
    const cardId = await openIncident();
    const before = h.connector.calls.length;
    await h.send(reaction(url(), cardId, 'heart', BOB));
    await h.send(reaction(url(), h.connector.of('reply')[0]!.responseId!, 'like', BOB));
    expect((await h.app.store.read.incidents.get(1))?.status).toBe('open');
    expect(h.connector.calls.slice(before).filter((c) => c.kind !== 'member')).toEqual([]);
  });

  it('a redelivered reaction acts once', async () => {
    const cardId = await openIncident();
    const like = reaction(url(), cardId, 'like', BOB);
    await h.send(like);
    await h.send(like);
    expect((await h.app.store.read.incidents.events(1)).map((e) => e.kind)).toEqual(['opened', 'acknowledged']);
    expect(h.connector.of('update')).toHaveLength(1);
    expect(h.connector.of('send')).toHaveLength(2); // the card and one note
  });
});

describe('card buttons (Action.Execute)', () => {
  it('Resolve resolves as the clicking person; the invoke response carries the refreshed card', async () => {
    const cardId = await openIncident();
    const res = await h.send(execute(url(), cardId, 'pacta.resolve', { action: 'resolve', incident: 1 }, ANA));
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: AdaptiveCardJson };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    invokeCards.push(body.value);
    expect(body.value.body[0]).toMatchObject({ text: 'INC-1 · P1 · Card payments failing', color: 'Good' });
    expect(cardText(body.value)).toContain('Resolved: <at>Ana Lima</at>');
    expect(cardText(body.value)).toContain('[Reopen]');
    const incident = await h.app.store.read.incidents.get(1);
    expect(incident?.status).toBe('resolved');
    expect(incident?.resolvedBy?.id).toBe(ANA.aadObjectId);
    // Every other copy of the card is updated too.
    expect(h.connector.of('update').map((c) => c.targetId)).toEqual([cardId]);
  });

  it('a redelivered click acts once and still answers with the card', async () => {
    const cardId = await openIncident();
    const click = execute(url(), cardId, 'pacta.ack', { action: 'ack', incident: 1 }, BOB);
    const first = (await h.send(click)).body as { value: AdaptiveCardJson };
    const second = (await h.send(click)).body as { type: string; value: AdaptiveCardJson };
    invokeCards.push(first.value, second.value);
    expect(second.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(second.value)).toContain('Acknowledged: <at>Bob Stone</at>');
    expect((await h.app.store.read.incidents.events(1)).map((e) => e.kind)).toEqual(['opened', 'acknowledged']);
  });

  it("a viewer's click is refused with a message and the card stays as it was", async () => {
    const cardId = await openIncident();
    const res = await h.send(execute(url(), cardId, 'pacta.ack', { action: 'ack', incident: 1 }, VIC));
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String((res.body as { value: string }).value)).toMatch(/needs the responder role/);
    expect((await h.app.store.read.incidents.get(1))?.status).toBe('open');
    expect(h.connector.of('update')).toEqual([]);
  });

  it('refuses a button that is not one of Pacta’s', async () => {
    const cardId = await openIncident();
    const res = await h.send(execute(url(), cardId, 'pacta.delete', { action: 'delete', incident: 1 }, ANA));
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect((await h.app.store.read.incidents.get(1))?.status).toBe('open');
  });
});

describe('install', () => {
  it('stores the conversation reference and posts a welcome card once, saying how to start', async () => {
    const install = installed(url(), ANA);
    expect((await h.send(install)).status).toBe(200);
    expect((await h.send(install)).status).toBe(200);
    const welcomes = h.connector.of('send');
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]!.conversationId).toBe(CHANNEL_ID);
    const text = cardText(cardOf(welcomes[0]!));
    expect(text).toContain('@Pacta help');
    expect(text).toContain('"like"');
    expect(await h.app.store.read.conversations.get(`teams:${CHANNEL_ID}`)).toMatchObject({ conversation: { id: CHANNEL_ID } });
  });

  it('in a 1:1 chat the welcome says to type help', async () => {
    await h.send(installed(url(), BOB, { kind: 'personal', person: BOB }));
    const text = cardText(cardOf(h.connector.of('send')[0]!));
    expect(text).toContain('Type help');
    expect(text).not.toContain('@Pacta');
  });

  it('installationUpdate stores the reference, so Pacta can post there before anyone speaks', async () => {
    await h.send(installationUpdate(url(), ANA));
    expect(h.connector.calls).toEqual([]);
    const ref = await h.teams.chat.post({ platform: 'teams', id: CHANNEL_ID }, { fallback: 'hello', blocks: [{ type: 'text', text: 'hello' }] });
    expect(ref.id).toBe(h.connector.of('send')[0]!.responseId);
    expect(h.connector.of('send')[0]!.conversationId).toBe(CHANNEL_ID);
  });
});

describe('delivery errors, as the outbox dispatcher needs them', () => {
  const channel = { platform: 'teams' as const, id: CHANNEL_ID };
  const post = () => h.teams.chat.post(channel, textMessage('Breach: INC-1'));
  const refusal = async (): Promise<ChatDeliveryError> => {
    const err: unknown = await post().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChatDeliveryError);
    return err as ChatDeliveryError;
  };

  beforeEach(async () => {
    await h.send(installationUpdate(url(), ANA));
  });

  it('a conversation Pacta was removed from, or that is gone, is a permanent failure', async () => {
    h.connector.failures.push({ kind: 'send', status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
    expect((await refusal()).detail).toMatchObject({ permanent: true, advice: expect.stringMatching(/removed from this conversation/) });
    h.connector.failures.push({ kind: 'send', status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } });
    const gone = await refusal();
    expect(gone.detail).toMatchObject({ permanent: true, advice: expect.stringMatching(/Teams refused/) });
    expect(gone.message).toContain('ConversationNotFound');
  });

  it('throttling that outlasts the SDK’s own retries carries the connector’s Retry-After', async () => {
    for (const after of ['0', '0', '0', '30']) h.connector.failures.push({ kind: 'send', status: 429, headers: { 'retry-after': after } });
    expect((await refusal()).detail).toMatchObject({ retryAfterMs: 30_000, advice: expect.stringMatching(/throttling/) });
    expect(h.connector.of('send')).toHaveLength(4);
  });

  it('a passing server error is retried by the SDK and the post goes through', async () => {
    h.connector.failures.push({ kind: 'send', status: 502 });
    const ref = await post();
    expect(ref.id).toBe(h.connector.of('send').at(-1)!.responseId);
  });

  it('a conversation Pacta never heard from is a permanent failure', async () => {
    const err: unknown = await h.teams.chat.post({ platform: 'teams', id: '19:unknown@thread.tacv2' }, textMessage('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatDeliveryError);
    expect((err as ChatDeliveryError).detail).toMatchObject({ permanent: true, advice: expect.stringMatching(/not been added to this conversation/) });
    expect(h.connector.calls).toEqual([]);
  });
});

describe('the endpoint', () => {
  it('takes only POST, only JSON activities', async () => {
    expect((await fetch(`${h.url}/api/messages`)).status).toBe(405);
    const bad = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"not json' });
    expect(bad.status).toBe(400);
    const noType = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
    expect(noType.status).toBe(400);
  });

  it('in anonymous mode refuses requests relayed from elsewhere (a reverse proxy in front of it)', async () => {
    const res = await h.send(message(url(), 'open payments P1 From the internet', ANA), { 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(401);
    expect(await h.app.store.read.incidents.get(1)).toBeNull();
    expect(await h.app.store.read.conversations.get(`teams:${CHANNEL_ID}`)).toBeNull();
  });

  it('says in the log that it runs anonymously, for local tools only', () => {
    expect(h.logs.some((l) => l.level === 40 && /anonymous mode \(no MICROSOFT_APP_ID\).*only local tools/.test(l.msg))).toBe(true);
  });
});
