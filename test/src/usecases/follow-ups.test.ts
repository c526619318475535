/**
 * One pipeline: whatever changes an incident — a command, a button, a reaction, the sweep — the use case
 * queues what follows in the outbox, in the same transaction, with keys from one module and recipients
 * from one function. Read straight from the outbox table, so the test holds whatever delivers it.
 */
import { expect, it } from 'vitest';
import { outbox } from '../../../db/schema.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { ButtonUseCase } from '../../../src/usecases/buttons.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { ReactionUseCase } from '../../../src/usecases/reactions.ts';
import { RolePolicy } from '../../../src/usecases/roles.ts';
import { SweepUseCase } from '../../../src/usecases/sweep.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../../helpers/seed.ts';

const ORIGIN: ChannelRef = { platform: 'slack', id: 'C0ORIGIN' };
const SUBSCRIBED: ChannelRef = { platform: 'teams', id: '19:ops@thread.tacv2' };
const OTHER: ChannelRef = { platform: 'slack', id: 'C0SEARCH' };

describeEachDatabase('what follows a change (one pipeline)', (db) => {
  const setup = async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = await seedEstate(db().store, time);
    const incidents = new IncidentUseCases(db().store, time);
    const roles = new RolePolicy(db().store, new Set(), 'responder');
    await admin.subscribe({ channel: SUBSCRIBED, services: ['payments'], allServices: false, digestSpec: null, digestCron: null, timezone: 'UTC', createdBy: ALICE });
    await admin.subscribe({ channel: OTHER, services: ['search'], allServices: false, digestSpec: null, digestCron: null, timezone: 'UTC', createdBy: ALICE });
    // The origin channel is subscribed too: it gets the card, never a notice besides it.
    await admin.subscribe({ channel: ORIGIN, services: [], allServices: true, digestSpec: null, digestCron: null, timezone: 'UTC', createdBy: ALICE });
    return { time, incidents, roles };
  };
  const rows = async () => (await db().handle.db.select().from(outbox)).sort((a, b) => a.id - b.id).map((r) => ({ key: r.key, paced: r.paced, type: (r.payload as { type: string }).type }));

  it('opening queues the card in its channel (at once) and a notice to every other subscribed channel (paced)', async () => {
    const { incidents } = await setup();
    const state = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE, channel: ORIGIN });
    expect(await rows()).toEqual([
      { key: 'card:INC-1:post:slack:C0ORIGIN', paced: false, type: 'card.post' },
      { key: 'opened:INC-1:teams:19:ops@thread.tacv2', paced: true, type: 'incident.opened' },
    ]);
    // The state names what goes at once, so whoever made the change can wait for exactly that; nobody
    // waits for a notice queued behind another channel's pacing.
    expect(state.followUps).toEqual(['card:INC-1:post:slack:C0ORIGIN']);
  });

  it('an incident opened from nowhere (no channel) has no card; every subscribed channel gets the notice', async () => {
    const { incidents } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'From a monitor', actor: ALICE, channel: null });
    expect((await rows()).map((r) => r.key)).toEqual(['opened:INC-1:teams:19:ops@thread.tacv2', 'opened:INC-1:slack:C0ORIGIN']);
  });

  it('each change by a command or a button refreshes the card once, under its own key; a refused change queues nothing', async () => {
    const { time, incidents, roles } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: ORIGIN });
    time.advance(60_000);
    const acked = await incidents.acknowledge(1, BOB);
    expect(acked.followUps).toEqual(['card:INC-1:update:2:slack:C0ORIGIN']);
    const buttons = new ButtonUseCase(incidents, roles);
    const paused = await buttons.click({ id: 'pause', incident: 1 }, BOB);
    expect(paused.kind === 'changed' && paused.state.followUps).toEqual(['card:INC-1:update:3:slack:C0ORIGIN']);
    const before = await rows();
    expect(await buttons.click({ id: 'pause', incident: 1 }, BOB)).toEqual({ kind: 'refused', reason: 'INC-1 is already paused.' });
    expect(await rows()).toEqual(before);
    expect(before.filter((r) => r.type === 'card.update').every((r) => !r.paced)).toBe(true);
  });

  it('a reaction refreshes the card and notes who did what in the reacted message’s thread; a retried delivery queues nothing more', async () => {
    const { incidents, roles } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: ORIGIN });
    await db().store.read.messages.record({ channel: ORIGIN, messageId: '1700000000.000100', incidentNumber: 1, kind: 'card' });
    const reactions = new ReactionUseCase(db().store, incidents, roles, () => ({ ack: ['eyes'], resolve: [] }));
    const input = { channel: ORIGIN, messageId: '1700000000.000100', reaction: 'eyes::skin-tone-2', actor: BOB, added: true, eventKey: 'slack:Ev1' };
    const outcome = await reactions.handle(input);
    expect(outcome.kind).toBe('changed');
    const queued = (await rows()).slice(2);
    expect(queued).toEqual([
      { key: 'card:INC-1:update:2:slack:C0ORIGIN', paced: false, type: 'card.update' },
      { key: 'note:INC-1:slack:Ev1:slack:C0ORIGIN', paced: false, type: 'thread.note' },
    ]);
    const [note] = (await db().handle.db.select().from(outbox)).filter((r) => r.key.startsWith('note:'));
    expect(note!.payload).toEqual({
      type: 'thread.note',
      incident: 1,
      note: { action: 'acknowledged', actor: BOB, reaction: 'eyes' },
      reacted: { messageId: '1700000000.000100', kind: 'card' },
    });
    expect(await reactions.handle(input)).toMatchObject({ kind: 'ignored', reason: 'duplicate' });
    expect(await rows()).toHaveLength(4);
  });

  it('the sweep sends warnings and breaches to the card’s channel and the subscribers, and refreshes the card on a breach', async () => {
    const { time, incidents } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: ORIGIN });
    const sweep = new SweepUseCase(db().store, time);
    time.set('2026-11-23T09:16:00Z');
    await sweep.run();
    const keys = (await rows()).map((r) => r.key).slice(2);
    expect(keys).toEqual([
      'breach:INC-1:ack:slack:C0ORIGIN',
      'breach:INC-1:ack:teams:19:ops@thread.tacv2',
      'card:INC-1:update:breach-ack:slack:C0ORIGIN',
    ]);
    // A second sweep owes nothing more.
    await sweep.run();
    expect(await rows()).toHaveLength(5);
  });
});
