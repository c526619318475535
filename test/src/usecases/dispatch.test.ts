import { expect, it } from 'vitest';
import { outbox } from '../../../db/schema.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { ChatDeliveryError } from '../../../src/ports/chat.ts';
import { Dispatcher } from '../../../src/usecases/dispatch.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { NotificationRenderer } from '../../../src/usecases/notifications.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { SweepUseCase } from '../../../src/usecases/sweep.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { RecordingChatPort } from '../../fakes/recording-chat.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const MIN = 60_000;
const C0: ChannelRef = { platform: 'slack', id: 'C0' };
const C1: ChannelRef = { platform: 'slack', id: 'C1' };
const silent = { error: () => {}, warn: () => {} };

describeEachDatabase('outbox dispatcher', (db) => {
  const setup = async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = await seedEstate(db().store, time);
    const store = db().store;
    const incidents = new IncidentUseCases(store, time);
    const queries = new QueryUseCases(store, time, 'Europe/Berlin');
    const slack = new RecordingChatPort(() => time.now().getTime());
    const chat = (p: ChannelRef['platform']) => (p === 'slack' ? slack : null);
    const card = (s: Parameters<typeof incidentCard>[0]) => incidentCard(s, { timezone: 'Europe/Berlin' });
    const renderer = new NotificationRenderer(store, incidents, queries, async () => 'Europe/Berlin', null, card);
    const dispatcher = new Dispatcher(store, time, { get: chat, platforms: () => ['slack'] }, (n) => renderer.render(n), silent);
    await admin.subscribe({ channel: C1, services: ['payments'], allServices: false, digestSpec: null, digestCron: null, timezone: 'Europe/Berlin', createdBy: ALICE });
    return { time, incidents, slack, dispatcher, renderer, sweep: new SweepUseCase(store, time) };
  };

  const rows = async () => (await db().handle.db.select().from(outbox)).sort((a, b) => a.id - b.id);

  it('delivers each notification once; a breach alert threads under the card in its channel; alerts are remembered for reactions', async () => {
    const { time, incidents, slack, dispatcher, sweep } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE, channel: C0 });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 2 }); // the card in C0, the new-incident notice to C1
    const card = slack.posts.find((p) => p.channel.id === 'C0');
    expect(card!.message.fallback).toMatch(/INC-1/);
    expect(slack.posts[1]!.channel).toEqual(C1);
    expect(slack.posts[1]!.message.fallback).toMatch(/New incident INC-1/);
    time.advance(16 * MIN);
    await sweep.run();
    // Two breach alerts, and the card refreshed in place (its acknowledge clock is now breached).
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 3 });
    expect(slack.updates).toEqual([expect.objectContaining({ ref: { channel: C0, id: card!.id } })]);
    const breach = slack.posts.filter((p) => /SLA breached/.test(p.message.fallback));
    expect(breach).toHaveLength(2);
    expect(breach.find((p) => p.channel.id === 'C0')!.threadOf?.id).toBe(card!.id);
    expect(breach.find((p) => p.channel.id === 'C1')!.threadOf).toBeUndefined();
    expect(breach[0]!.message.fallback).toMatch(/acknowledge target of 15m passed by 1m/);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    const alert = breach.find((p) => p.channel.id === 'C1')!;
    expect(await db().store.read.messages.find(C1, alert.id)).toMatchObject({ incidentNumber: 1, kind: 'alert' });
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('honours Retry-After, backs off on errors, then recovers: nothing lost, nothing doubled', async () => {
    const { time, incidents, slack, dispatcher } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: null });
    slack.failNext(
      () => {
        throw new ChatDeliveryError('ratelimited', { retryAfterMs: 30_000 });
      },
      () => {
        throw new Error('HTTP 500');
      },
    );
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    time.advance(29_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 }); // still inside Retry-After
    time.advance(1_000);
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 }); // the 500
    time.advance(3_999);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 }); // backoff after attempt 2 is 4 s
    time.advance(1);
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    expect(slack.posts).toHaveLength(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('paces a channel to one post a second, and sends a backlog as one combined post', async () => {
    const { time, incidents, slack, dispatcher } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'first', actor: ALICE, channel: null });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    for (let i = 0; i < 3; i++) await incidents.open({ serviceKey: 'payments', priority: 'P1', title: `t${i}`, actor: ALICE, channel: null });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    time.advance(999);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    time.advance(1);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 3, sent: 3 });
    expect(slack.posts.map((p) => p.at - slack.posts[0]!.at)).toEqual([0, 1000]);
    expect(slack.posts[1]!.message.fallback).toMatch(/^3 notifications: New incident INC-2/);
    expect((await rows()).map((r) => [r.status, r.messageId])).toEqual([
      ['sent', 'm1'],
      ['sent', 'm2'],
      ['sent', 'm2'],
      ['sent', 'm2'],
    ]);
  });

  it('gives up after a permanent error, and shows it', async () => {
    const { incidents, slack, dispatcher } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: null });
    slack.failNext(() => {
      throw new ChatDeliveryError('channel_not_found', { permanent: true });
    });
    expect(await dispatcher.runOnce()).toMatchObject({ failed: 1 });
    expect(await db().store.read.outbox.failures(C1, 10)).toMatchObject([{ key: 'opened:INC-1:slack:C1', lastError: 'channel_not_found' }]);
    expect(await db().store.read.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 0, failed: 1 });
  });

  it('a claim whose replica died is delivered again after its lease (the documented duplicate window)', async () => {
    const { time, incidents, slack, dispatcher } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: null });
    // A replica claims and dies before posting.
    await db().store.transaction((tx) => tx.outbox.claim(time.now(), 10, 120_000));
    time.advance(60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    time.advance(60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    expect(slack.posts).toHaveLength(1);
  });
});
