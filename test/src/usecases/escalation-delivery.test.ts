/**
 * An escalation level as people receive it (docs/semantics.md §7): a reply in the incident card's thread
 * that mentions whom it pages (people and a Slack user group), a direct message to each person with the
 * buttons they need (Acknowledge, Snooze), and the snooze said in the thread naming who snoozed.
 */
import { expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { Dispatcher } from '../../../src/usecases/dispatch.ts';
import { EscalationSweep } from '../../../src/usecases/escalation.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { NotificationRenderer } from '../../../src/usecases/notifications.ts';
import { OncallUseCases } from '../../../src/usecases/oncall.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { RecordingChatPort } from '../../fakes/recording-chat.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../../helpers/seed.ts';
import { messageText } from '../../commands/harness.ts';

const C0: ChannelRef = { platform: 'slack', id: 'C0OPS' };
const silent = { error: () => {}, warn: () => {} };

describeEachDatabase('escalation as delivered', (db) => {
  it('pages in the card thread with mentions, DMs each person with Acknowledge and Snooze, and names the snoozer', async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const store = db().store;
    await seedEstate(store, time);
    const incidents = new IncidentUseCases(store, time);
    const oncall = new OncallUseCases(store, time);
    await oncall.addRota({ name: 'primary', zone: 'Europe/Berlin', handoff: { every: 'week', weekday: 1, at: '09:00' }, members: [{ platform: 'slack', id: 'U0ALICE' }] }, ALICE);
    await oncall.setPolicy(
      { serviceKey: 'payments', priority: null, levels: [{ trigger: { kind: 'after', seconds: 300 }, targets: [{ kind: 'rota', rota: 'primary' }, { kind: 'group', id: 'S0SRE', handle: 'sre' }] }], repeat: null },
      ALICE,
    );
    const slack = new RecordingChatPort();
    const card = (s: Parameters<typeof incidentCard>[0]) => incidentCard(s, { timezone: 'Europe/Berlin' });
    const renderer = new NotificationRenderer(store, incidents, new QueryUseCases(store, time, 'Europe/Berlin'), async () => 'Europe/Berlin', null, card);
    const dispatcher = new Dispatcher(store, time, { get: (p) => (p === 'slack' ? slack : null), platforms: () => ['slack'] }, (n) => renderer.render(n), silent);
    const sweep = new EscalationSweep(store, time);

    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: BOB, channel: C0 });
    await dispatcher.runOnce();
    const cardPost = slack.posts[0]!;
    time.advance(5 * 60_000);
    expect(await sweep.run()).toMatchObject({ claimed: 1, fired: 1 });
    await dispatcher.runOnce();
    const page = slack.posts.find((p) => p.channel.id === 'C0OPS' && p.threadOf)!;
    expect(page.threadOf).toEqual({ channel: C0, id: cardPost.id });
    expect(page.message.blocks[0]).toMatchObject({ type: 'text' });
    const spans = (page.message.blocks[0] as { text: unknown[] }).text;
    expect(spans).toContainEqual({ user: { platform: 'slack', id: 'U0ALICE' } });
    expect(spans).toContainEqual({ group: 'S0SRE', handle: 'sre' });
    expect(page.message.fallback).toBe('Escalation level 1 of 1 for INC-1: paging U0ALICE and @sre. Not acknowledged after 5m.');
    const dm = slack.posts.find((p) => p.channel.id === 'U0ALICE')!;
    expect(dm.threadOf).toBeUndefined();
    expect(messageText(dm.message)).toContain('You are paged for INC-1');
    expect(JSON.stringify(dm.message.blocks)).toContain('"snooze1h"');
    expect(JSON.stringify(dm.message.blocks)).toContain('"ack"');

    await incidents.snooze(1, BOB, 3600);
    await dispatcher.runOnce();
    const note = slack.posts.find((p) => p.message.fallback.includes('snoozed escalation'))!;
    expect(note.threadOf).toEqual({ channel: C0, id: cardPost.id });
    expect(note.message.fallback).toBe('bob snoozed escalation of INC-1 until 11:05 CET.');
  });
});
