/**
 * Incident cards through the outbox: posted and refreshed by the dispatcher like any notification, but
 * at once (no pacing slot), only by a process that has the platform's port, and with the outcome told
 * to whoever waits for it.
 */
import { expect, it } from 'vitest';
import { outbox } from '../../../db/schema.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { ChatDeliveryError, type ChatPort, type MessageRef } from '../../../src/ports/chat.ts';
import { Dispatcher } from '../../../src/usecases/dispatch.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { NotificationRenderer } from '../../../src/usecases/notifications.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { RecordingChatPort } from '../../fakes/recording-chat.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../../helpers/seed.ts';

const C0: ChannelRef = { platform: 'slack', id: 'C0' };
const silent = { error: () => {}, warn: () => {} };

describeEachDatabase('incident cards through the outbox', (db) => {
  const setup = async (port: ChatPort = new RecordingChatPort()) => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = await seedEstate(db().store, time);
    const store = db().store;
    const incidents = new IncidentUseCases(store, time);
    const queries = new QueryUseCases(store, time, 'Europe/Berlin');
    const card = (s: Parameters<typeof incidentCard>[0]) => incidentCard(s, { timezone: 'Europe/Berlin' });
    const renderer = new NotificationRenderer(store, incidents, queries, async () => 'Europe/Berlin', null, card);
    const dispatcher = new Dispatcher(store, time, { get: (p) => (p === 'slack' ? port : null), platforms: () => ['slack'] }, (n) => renderer.render(n), silent);
    return { time, admin, incidents, dispatcher };
  };
  const statusOf = async (key: string) => (await db().handle.db.select().from(outbox)).find((r) => r.key === key)?.status;

  it('posts the card, then refreshes it at once after a change, while a paced notice to the same channel waits its turn', async () => {
    const slack = new RecordingChatPort();
    const { admin, incidents, dispatcher } = await setup(slack);
    await admin.subscribe({ channel: C0, services: ['search'], allServices: false, digestSpec: null, digestCron: null, timezone: 'UTC', createdBy: ALICE });
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE, channel: C0 });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    const [card] = slack.posts;
    expect(await db().store.read.messages.find(C0, card!.id)).toMatchObject({ incidentNumber: 1, kind: 'card' });
    // A notice takes C0's pacing slot; the card refresh that follows in the same second does not wait for it.
    await incidents.open({ serviceKey: 'search', priority: 'P2', title: 'Slow search', actor: ALICE, channel: null });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    await incidents.acknowledge(1, BOB);
    await incidents.open({ serviceKey: 'search', priority: 'P2', title: 'Slower search', actor: ALICE, channel: null });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(slack.updates).toHaveLength(1);
    expect(slack.updates[0]!.ref).toEqual({ channel: C0, id: card!.id });
    expect(slack.updates[0]!.message.fallback).toMatch(/acknowledged/i);
    expect(await statusOf('opened:INC-3:slack:C0')).toBe('pending');
  });

  it('tells a waiter how each row ended, with the platform adapter’s advice when it refused', async () => {
    const slack = new RecordingChatPort();
    const { incidents, dispatcher } = await setup(slack);
    const opened = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: C0 });
    const posted = dispatcher.settled(opened.followUps ?? [], 60_000);
    dispatcher.wake();
    expect(await posted).toEqual([{ key: 'card:INC-1:post:slack:C0', payload: 'card.post', status: 'sent' }]);
    slack.failNextUpdate(() => {
      throw new ChatDeliveryError('Slack chat.update failed: not-in-channel', { permanent: true, advice: 'I am not a member of this channel.' });
    });
    const acked = await incidents.acknowledge(1, BOB);
    const refreshed = dispatcher.settled(acked.followUps ?? [], 60_000);
    dispatcher.wake();
    expect(await refreshed).toEqual([
      { key: 'card:INC-1:update:2:slack:C0', payload: 'card.update', status: 'failed', error: 'Slack chat.update failed: not-in-channel', advice: 'I am not a member of this channel.' },
    ]);
    // Given up on, it is shown where undeliverable notifications are.
    expect(await db().store.read.outbox.failures(C0, 5)).toMatchObject([{ key: 'card:INC-1:update:2:slack:C0' }]);
  });

  it('a refresh with no card in the channel (its post failed for good) has nothing to update and is done', async () => {
    const slack = new RecordingChatPort();
    const { incidents, dispatcher } = await setup(slack);
    slack.failNext(() => {
      throw new ChatDeliveryError('channel_not_found', { permanent: true });
    });
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: C0 });
    expect(await dispatcher.runOnce()).toMatchObject({ failed: 1 });
    await incidents.acknowledge(1, BOB);
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    expect(slack.updates).toEqual([]);
    expect(await statusOf('card:INC-1:update:2:slack:C0')).toBe('sent');
  });

  it('leaves rows for a platform this process has no port for to a process that has one', async () => {
    const { incidents, dispatcher } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: { platform: 'console', id: 'console' } });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    expect(await statusOf('card:INC-1:post:console:console')).toBe('pending');
  });

  it('brings a card up to date when its incident changed while it was being posted', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let posting!: () => void;
    const started = new Promise<void>((resolve) => (posting = resolve));
    const updates: Array<{ ref: MessageRef; fallback: string }> = [];
    const slow: ChatPort = {
      async post(channel) {
        posting();
        await held;
        return { channel, id: 'card-1' };
      },
      async update(ref, message) {
        updates.push({ ref, fallback: message.fallback });
      },
    };
    const { incidents, dispatcher } = await setup(slow);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: C0 });
    const run = dispatcher.runOnce();
    await started;
    // Acknowledged while the card (rendered before this) is on its way; no refresh has run yet.
    await incidents.acknowledge(1, BOB);
    release();
    await run;
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ref).toEqual({ channel: C0, id: 'card-1' });
    expect(updates[0]!.fallback).toMatch(/acknowledged/i);
  });

  it('two replicas racing over the same outbox post a card once and refresh it once', async () => {
    const a = new RecordingChatPort();
    const { time, incidents, dispatcher } = await setup(a);
    const b = new RecordingChatPort();
    const queries = new QueryUseCases(db().store, time, 'Europe/Berlin');
    const renderer = new NotificationRenderer(db().store, incidents, queries, async () => 'UTC', null, (s) => incidentCard(s, { timezone: 'UTC' }));
    const other = new Dispatcher(db().store, time, { get: () => b, platforms: () => ['slack'] }, (n) => renderer.render(n), silent);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: C0 });
    await Promise.all([dispatcher.runOnce(), other.runOnce(), dispatcher.runOnce(), other.runOnce()]);
    expect(a.posts.length + b.posts.length).toBe(1);
    await incidents.acknowledge(1, BOB);
    await Promise.all([dispatcher.runOnce(), other.runOnce(), dispatcher.runOnce(), other.runOnce()]);
    expect(a.updates.length + b.updates.length).toBe(1);
  });
});
