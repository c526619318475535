/**
 * Acknowledge by reaction, end to end through Pacta's HTTP server and the real Bolt app: a card posted by
 * `/sla open`, an `eyes` reaction, the incident acknowledged as the reacting user, the card updated in
 * place and a note in its thread; undo inside and outside 60 s; retries; reactions that must change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ALICE, BOB, CHANNEL, snapshot, startHarness, visibleText, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

let db: TestDatabase;
let api: FakeSlackApi;
let h: SlackHarness;

useSlackTestBed((d, a) => {
  db = d;
  api = a;
});
afterEach(async () => {
  await h?.stop();
  // Every Block Kit payload Pacta sent in the test, checked against Slack's limits.
  expect(api.violations).toEqual([]);
});

async function start(env: Record<string, string> = {}): Promise<void> {
  h = await startHarness({ db: db.handle, api, env });
  await seedEstate(h.app.store, h.time);
}

/** Opens INC-1 from Slack and returns its card's ts. */
async function openCard(): Promise<string> {
  const ack = await h.slash('open payments P1 Card payments failing --impact outage');
  expect(ack.status).toBe(200);
  const posted = api.callsOf('chat.postMessage');
  expect(posted).toHaveLength(1);
  const ts = String(posted[0]!.answer!.ts);
  api.reset();
  return ts;
}

describe('Slack reactions', () => {
  it('open → card posted → eyes → acknowledged as the reactor, card updated, note in the thread', async () => {
    await start();
    const ack = await h.slash('open payments P1 Card payments failing --impact outage');
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(ack.json)).toContain('INC-1');
    const [post] = api.callsOf('chat.postMessage');
    expect(post!.params).toMatchObject({ channel: CHANNEL, unfurl_links: 'false' });
    expect(String(post!.params.text)).toContain('INC-1');
    expect(visibleText(post!.params)).toContain('Card payments failing');
    // Users are mentions, and the card carries its buttons.
    expect(visibleText(post!.params)).toContain(`<@${ALICE}>`);
    expect(JSON.stringify(post!.params.blocks)).toContain('"value":"ack INC-1"');
    const ts = String(post!.answer!.ts);
    expect(await h.app.store.read.messages.find({ platform: 'slack', id: CHANNEL }, ts)).toMatchObject({ incidentNumber: 1, kind: 'card' });

    h.time.advance(2 * 60_000);
    const reacted = await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts });
    expect(reacted.status).toBe(200);
    await h.settle();

    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('acknowledged');
    expect(state.incident.acknowledgedBy).toMatchObject({ platform: 'slack', id: BOB, name: 'u0bob' });
    const [update] = api.callsOf('chat.update');
    expect(update!.params).toMatchObject({ channel: CHANNEL, ts });
    expect(visibleText(update!.params)).toContain(`<@${BOB}>`);
    expect(JSON.stringify(update!.params.blocks)).not.toContain('"value":"ack INC-1"');
    const notes = api.callsOf('chat.postMessage').slice(1);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.params).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(visibleText(notes[0]!.params)).toBe(`<@${BOB}> acknowledged *INC-1* with the :eyes: reaction.`);
  });

  it('resolves with white_check_mark (skin tones and all) and says so in the thread', async () => {
    await start();
    const ts = await openCard();
    await h.react('reaction_added', { user: BOB, reaction: 'white_check_mark', ts });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('resolved');
    expect(api.callsOf('chat.update')).toHaveLength(1);
    expect(visibleText(api.callsOf('chat.postMessage')[0]!.params)).toBe(`<@${BOB}> resolved *INC-1* with the :white_check_mark: reaction.`);
  });

  it('removing the reaction within 60 s takes the acknowledgement back; after 60 s it changes nothing', async () => {
    await start();
    const ts = await openCard();
    await h.react('reaction_added', { user: BOB, reaction: 'eyes::skin-tone-3', ts });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('acknowledged');

    h.time.advance(30_000);
    api.reset();
    await h.react('reaction_removed', { user: BOB, reaction: 'eyes::skin-tone-3', ts });
    await h.settle();
    const undone = await h.app.incidents.get(1);
    expect(undone.incident.status).toBe('open');
    expect(undone.incident.acknowledgedAt).toBeNull();
    expect(api.callsOf('chat.update')).toHaveLength(1);
    expect(visibleText(api.callsOf('chat.postMessage')[0]!.params)).toBe(`<@${BOB}> took back the acknowledgement of *INC-1* (removed the :eyes: reaction).`);

    // Acknowledge again, then remove the reaction 61 s later: too late, nothing changes.
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    h.time.advance(61_000);
    api.reset();
    const before = await snapshot(db.handle);
    await h.react('reaction_removed', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('acknowledged');
    expect(api.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    // The refused undo is not even recorded as processed: a later retry would be refused the same way.
    expect(await snapshot(db.handle)).toEqual(before);
  });

  it('a retried delivery (same event_id, X-Slack-Retry-Num) acts once', async () => {
    await start();
    const ts = await openCard();
    const first = await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    const retry = await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts, eventId: first.eventId }, { retryNum: 1, retryReason: 'http_timeout' });
    const retry2 = await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts, eventId: first.eventId }, { retryNum: 2, retryReason: 'http_error' });
    await h.settle();
    expect([first.status, retry.status, retry2.status]).toEqual([200, 200, 200]);
    expect(api.callsOf('chat.update')).toHaveLength(1);
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);
    const events = (await h.app.incidents.get(1)).events.filter((e) => e.kind === 'acknowledged');
    expect(events).toHaveLength(1);

    // Bob takes it back; a retry of the original reaction arriving after that must not acknowledge again.
    h.time.advance(5_000);
    await h.react('reaction_removed', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('open');
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts, eventId: first.eventId }, { retryNum: 3, retryReason: 'http_timeout' });
    await h.settle();
    const after = await h.app.incidents.get(1);
    expect(after.incident.status).toBe('open');
    expect(after.events.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  });

  it('eyes on a breach alert acknowledges its incident; the note joins the card’s thread, or the alert’s elsewhere', async () => {
    await start();
    const card = await openCard();
    // Alerts as the dispatcher records them: one threaded under the card, one in a subscribed channel.
    const inThread = '1764000001.000001';
    const elsewhere = '1764000001.000002';
    await h.app.store.transaction(async (tx) => {
      await tx.messages.record({ channel: { platform: 'slack', id: CHANNEL }, messageId: inThread, incidentNumber: 1, kind: 'alert' });
      await tx.messages.record({ channel: { platform: 'slack', id: 'C0SUBSCRIBED' }, messageId: elsewhere, incidentNumber: 1, kind: 'alert' });
    });
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts: inThread });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('acknowledged');
    expect(api.callsOf('chat.update')[0]!.params).toMatchObject({ channel: CHANNEL, ts: card });
    expect(api.callsOf('chat.postMessage')[0]!.params).toMatchObject({ channel: CHANNEL, thread_ts: card });

    h.time.advance(5_000);
    api.reset();
    await h.react('reaction_added', { user: BOB, reaction: 'white_check_mark', ts: elsewhere, channel: 'C0SUBSCRIBED' });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('resolved');
    expect(api.callsOf('chat.postMessage')[0]!.params).toMatchObject({ channel: 'C0SUBSCRIBED', thread_ts: elsewhere });
  });

  it('changes nothing for a reaction on an unrelated message, a file, an unconfigured reaction, or the bot itself', async () => {
    await start();
    const ts = await openCard();
    const before = await snapshot(db.handle);
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts: '1764000000.999999' });
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts, itemType: 'file' });
    await h.react('reaction_added', { user: BOB, reaction: 'tada', ts });
    await h.react('reaction_added', { user: api.botUserId, reaction: 'eyes', ts });
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts, channel: 'C0ELSEWHERE' });
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('changes nothing for a viewer’s reaction (default role viewer, or a viewer role row)', async () => {
    await start({ PACTA_DEFAULT_ROLE: 'viewer' });
    const ts = await openCardAsAdmin();
    const before = await snapshot(db.handle);
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect((await h.app.incidents.get(1)).incident.status).toBe('open');
  });

  it('a responder by default, demoted to viewer by a role row, cannot acknowledge by reaction', async () => {
    await start();
    const ts = await openCard();
    await h.app.admin.grantRole('slack', BOB, 'viewer', { platform: 'slack', id: 'U0ADMIN' });
    const before = await snapshot(db.handle);
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect((await h.app.incidents.get(1)).incident.status).toBe('open');
  });
});

/** With everyone a viewer, the configured admin opens the incident. */
async function openCardAsAdmin(): Promise<string> {
  const ack = await h.slash('open payments P1 Card payments failing', { user: 'U0ADMIN' });
  expect(ack.status).toBe(200);
  const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
  api.reset();
  return ts;
}
