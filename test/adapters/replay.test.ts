/**
 * Real payload shapes, replayed: the fixtures in test/fixtures/replay/ (Slack's and Microsoft's
 * published examples with test ids) go through Pacta's HTTP server to the real Bolt app and the real
 * CloudAdapter, with the ids only known at run time — the channel, the card Pacta posted, its buttons —
 * filled in from the harness. Each asserts what the adapter does with it (docs/semantics.md §4): the slash
 * command answers, a button acts as the clicker, a reaction acknowledges the card it is on (and its
 * removal undoes that), a plain Slack message changes nothing, a Teams mention runs the command, the
 * invoke answers with the refreshed card, and an install posts the welcome.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { seedEstate } from '../helpers/seed.ts';
import { FakeSlackApi, type ApiCall } from './slack/fake-slack-api.ts';
import { ALICE, BOB, CHANNEL, snapshot, visibleText, useSeededSlackHarness, type SlackHarness } from './slack/slack-harness.ts';
import type { SlackRequest } from './slack/slack-requests.ts';
import { ANA, BOB as TEAMS_BOB, BOT, CHANNEL_ID, VIC, nextId, type Person } from './teams/activities.ts';
import { cardOf, cardText, incidentCardPost, START, startTeamsHarness, type TeamsHarness } from './teams/harness.ts';

const FIXTURES = new URL('../fixtures/replay/', import.meta.url);

/**
 * A fixture with its `{{placeholders}}` filled: a string that is only a placeholder becomes the value
 * as it is (any JSON), one inside a longer string is replaced as text. An unfilled placeholder throws.
 */
function replayFixture(name: string, values: Record<string, unknown>): Record<string, unknown> {
  const fill = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(fill);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fill(v)]));
    if (typeof x !== 'string') return x;
    const whole = /^\{\{(\w+)\}\}$/.exec(x);
    if (whole) return valueOf(whole[1]!);
    return x.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(valueOf(key)));
  };
  const valueOf = (key: string): unknown => {
    if (!(key in values)) throw new Error(`replay fixture ${name}: no value for {{${key}}}`);
    return values[key];
  };
  return fill(JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'))) as Record<string, unknown>;
}

describe('replayed Slack payloads', () => {
  let db: TestDatabase;
  let api: FakeSlackApi;
  let h: SlackHarness;

  useSeededSlackHarness((bed) => {
    ({ h, db, api } = bed);
  });

  const form = (fields: Record<string, unknown>): SlackRequest => ({
    body: new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });
  const json = (body: Record<string, unknown>): SlackRequest => ({ body: JSON.stringify(body), contentType: 'application/json' });
  const eventId = () => `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;

  async function slash(text: string, user = ALICE) {
    const responseUrl = api.responseUrl();
    const answer = await h.send(form(replayFixture('slack-slash-command.json', { channel: CHANNEL, user, user_name: user.toLowerCase(), text, response_url: responseUrl })));
    return { ...answer, responseUrl };
  }

  /** `/sla open …` from the fixture; returns the card Pacta posted, and forgets the calls so far. */
  async function openCard(): Promise<ApiCall> {
    expect((await slash('open payments P1 Card payments failing --impact outage')).status).toBe(200);
    const [card] = api.callsOf('chat.postMessage');
    expect(card?.answer?.ts).toBeTruthy();
    api.reset();
    return card!;
  }

  it('slash command: /sla open posts the incident card in the channel and answers the person who typed it', async () => {
    const ack = await slash('open payments P1 Card payments failing --impact outage');
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(ack.json)).toContain('INC-1');
    const [card] = api.callsOf('chat.postMessage');
    expect(card!.params).toMatchObject({ channel: CHANNEL });
    expect(visibleText(card!.params)).toContain('Card payments failing');
    expect((await h.app.incidents.get(1)).incident.openedBy).toMatchObject({ platform: 'slack', id: ALICE });
  });

  it("block_actions: a click on the card's Acknowledge button acknowledges as the clicker and updates that card", async () => {
    const card = await openCard();
    const ts = String(card.answer!.ts);
    // The button exactly as Pacta rendered it on the card: its action_id and value come back verbatim.
    const blocks = card.params.blocks as Array<{ type: string; block_id?: string; elements?: Array<Record<string, unknown>> }>;
    const actions = blocks.find((b) => b.type === 'actions' && b.elements?.some((e) => (e.text as { text?: string })?.text === 'Acknowledge'));
    const button = actions!.elements!.find((e) => (e.text as { text?: string }).text === 'Acknowledge')!;
    const payload = replayFixture('slack-block-actions.json', {
      user: BOB,
      user_name: BOB.toLowerCase(),
      channel: CHANNEL,
      card_ts: ts,
      card_text: card.params.text,
      card_blocks: blocks,
      response_url: api.responseUrl(),
      action_id: button.action_id,
      block_id: actions!.block_id ?? 'pacta-actions',
      value: button.value,
    });
    const click = await h.send(form({ payload: JSON.stringify(payload) }));
    expect(click.status).toBe(200);
    await h.settle();
    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('acknowledged');
    expect(state.incident.acknowledgedBy).toMatchObject({ platform: 'slack', id: BOB });
    const [update] = api.callsOf('chat.update');
    expect(update!.params).toMatchObject({ channel: CHANNEL, ts });
    expect(visibleText(update!.params)).toContain(`<@${BOB}>`);
  });

  it('reaction_added: eyes on the card acknowledges as the reacting person, refreshes the card and notes it in its thread', async () => {
    const ts = String((await openCard()).answer!.ts);
    h.time.advance(2 * 60_000);
    const res = await h.send(json(replayFixture('slack-reaction-added.json', { user: BOB, channel: CHANNEL, card_ts: ts, event_id: eventId() })));
    expect(res.status).toBe(200);
    await h.settle();
    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('acknowledged');
    expect(state.incident.acknowledgedBy).toMatchObject({ platform: 'slack', id: BOB });
    expect(api.callsOf('chat.update')[0]!.params).toMatchObject({ channel: CHANNEL, ts });
    const [note] = api.callsOf('chat.postMessage');
    expect(note!.params).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(visibleText(note!.params)).toContain('acknowledged *INC-1* with the :eyes: reaction');
  });

  it('reaction_removed: taking the eyes back within 60 s undoes the acknowledgement', async () => {
    const ts = String((await openCard()).answer!.ts);
    await h.send(json(replayFixture('slack-reaction-added.json', { user: BOB, channel: CHANNEL, card_ts: ts, event_id: eventId() })));
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('acknowledged');
    h.time.advance(20_000);
    api.reset();
    const res = await h.send(json(replayFixture('slack-reaction-removed.json', { user: BOB, channel: CHANNEL, card_ts: ts, event_id: eventId() })));
    expect(res.status).toBe(200);
    await h.settle();
    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('open');
    expect(state.incident.acknowledgedAt).toBeNull();
    expect(api.callsOf('chat.update')[0]!.params).toMatchObject({ channel: CHANNEL, ts });
  });

  it('message: a plain channel message, even one reading like a command, changes nothing and says nothing', async () => {
    await openCard();
    const before = await snapshot(db.handle);
    const res = await h.send(json(replayFixture('slack-message.json', { user: BOB, channel: CHANNEL, text: 'ack INC-1', event_id: eventId() })));
    expect(res.status).toBe(200);
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(api.responses).toEqual([]);
    expect((await h.app.incidents.get(1)).incident.status).toBe('open');
  });
});

describe('replayed Bot Framework activities', () => {
  let db: TestDatabase;
  let h: TeamsHarness;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    h = await startTeamsHarness({ db: db.handle });
  });
  afterAll(async () => {
    // Closing the harness closes the app, and the database with it.
    await h?.close();
  });
  beforeEach(async () => {
    await db.reset();
    h.connector.calls.length = 0;
    h.connector.failures.length = 0;
    h.connector.members.clear();
    for (const p of [ANA, TEAMS_BOB, VIC]) h.connector.members.set(p.id, p);
    h.time.set(START);
    await seedEstate(h.app.store, h.time);
    await h.app.store.read.roles.set('teams', VIC.aadObjectId, 'viewer', { platform: 'system', id: 'pacta', name: 'Pacta' }, h.time.now());
  });

  /** The ids every activity names, for `person`. */
  const envelope = (person: Person) => ({
    service_url: h.connector.url,
    channel: CHANNEL_ID,
    bot_id: BOT.id,
    user_id: person.id,
    user_name: person.name,
    user_aad: person.aadObjectId,
    activity_id: nextId(),
  });

  /** Opens INC-1 by mentioning Pacta in the channel (the mention fixture); returns its card's id. */
  async function openCard(): Promise<string> {
    const res = await h.send(replayFixture('teams-message-mention.json', { ...envelope(ANA), text: 'open payments P1 Card payments failing --impact outage' }));
    expect(res.status).toBe(200);
    const card = incidentCardPost(h.connector, 1);
    expect(card?.responseId).toBeTruthy();
    return card!.responseId!;
  }

  it('conversationUpdate (install): Pacta added to the team posts its welcome card in the channel, once', async () => {
    const install = replayFixture('teams-conversation-update-install.json', envelope(ANA));
    expect((await h.send(install)).status).toBe(200);
    expect((await h.send(install)).status).toBe(200);
    const welcomes = h.connector.of('send');
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]!.conversationId).toBe(CHANNEL_ID);
    expect(cardText(cardOf(welcomes[0]!))).toContain('@Pacta help');
  });

  it('message with an <at> mention: runs the command as the sender, posts the card and answers in the thread', async () => {
    const activity = envelope(ANA);
    const res = await h.send(replayFixture('teams-message-mention.json', { ...activity, text: 'open payments P1 Card payments failing --impact outage' }));
    expect(res.status).toBe(200);
    const state = await h.app.incidents.get(1);
    expect(state.incident.openedBy).toMatchObject({ platform: 'teams', id: ANA.aadObjectId, name: ANA.name });
    const card = incidentCardPost(h.connector, 1);
    expect(card).toMatchObject({ conversationId: CHANNEL_ID });
    const [answer] = h.connector.of('reply');
    expect(answer).toMatchObject({ conversationId: `${CHANNEL_ID};messageid=${activity.activity_id}`, targetId: activity.activity_id });
    expect(cardText(cardOf(answer!))).toContain('INC-1');
  });

  it('messageReaction: a like on the card acknowledges as the reacting person, updates the card and notes it in its thread', async () => {
    const cardId = await openCard();
    h.time.advance(5 * 60_000);
    const res = await h.send(replayFixture('teams-message-reaction.json', { ...envelope(TEAMS_BOB), card_id: cardId }));
    expect(res.status).toBe(200);
    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('acknowledged');
    // The reaction carries no name; the member lookup found it.
    expect(state.incident.acknowledgedBy).toEqual({ platform: 'teams', id: TEAMS_BOB.aadObjectId, name: TEAMS_BOB.name });
    const [update] = h.connector.of('update');
    expect(update).toMatchObject({ method: 'PUT', conversationId: CHANNEL_ID, targetId: cardId });
    expect(cardText(cardOf(update!))).toContain(`Acknowledged: <at>${TEAMS_BOB.name}</at>`);
    const note = h.connector.of('send').at(-1)!;
    expect(note.conversationId).toBe(`${CHANNEL_ID};messageid=${cardId}`);
    expect(cardText(cardOf(note))).toContain('acknowledged **INC-1** with the like reaction');
  });

  it("invoke adaptiveCard/action: the card's Acknowledge button acknowledges as the clicker and answers with the refreshed card", async () => {
    const cardId = await openCard();
    // The button exactly as Pacta rendered it on the card: its verb and data come back in the invoke.
    const execute = findAction(cardOf(incidentCardPost(h.connector, 1)!), 'Acknowledge');
    const res = await h.send(replayFixture('teams-invoke-adaptive-card-action.json', { ...envelope(TEAMS_BOB), card_id: cardId, verb: execute.verb, data: execute.data }));
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: object };
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(body.value)).toContain(`Acknowledged: <at>${TEAMS_BOB.name}</at>`);
    expect(cardText(body.value)).not.toContain('[Acknowledge]');
    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('acknowledged');
    expect(state.incident.acknowledgedBy).toMatchObject({ platform: 'teams', id: TEAMS_BOB.aadObjectId });
  });
});

/** The `Action.Execute` titled `title` anywhere in a card. */
function findAction(card: object, title: string): { verb: string; data: unknown } {
  const found: Array<{ verb: string; data: unknown }> = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o['type'] === 'Action.Execute' && o['title'] === title && typeof o['verb'] === 'string') found.push({ verb: o['verb'], data: o['data'] });
    Object.values(o).forEach(walk);
  };
  walk(card);
  if (!found[0]) throw new Error(`no Action.Execute titled ${title} in ${JSON.stringify(card)}`);
  return found[0];
}
