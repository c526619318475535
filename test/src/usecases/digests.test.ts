import { describe, expect, it } from 'vitest';
import { outbox } from '../../../db/schema.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { BurnAlertUseCase } from '../../../src/usecases/burn-alerts.ts';
import { DigestUseCase, lastFire } from '../../../src/usecases/digests.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const C1: ChannelRef = { platform: 'slack', id: 'C1' };
const MIN = 60_000;

describe('digest schedule instants', () => {
  it('daily@09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer, across the change', () => {
    expect(lastFire('0 9 * * *', 'Europe/Berlin', new Date('2026-03-28T12:00:00Z')).at.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    const sunday = lastFire('0 9 * * *', 'Europe/Berlin', new Date('2026-03-29T12:00:00Z'));
    expect(sunday.at.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // The period of that digest is 23 hours long: the clocks went forward in between.
    expect(sunday.at.getTime() - sunday.previous.getTime()).toBe(23 * 3_600_000);
    expect(lastFire('0 9 * * *', 'Europe/Berlin', new Date('2026-10-25T12:00:00Z')).previous.toISOString()).toBe('2026-10-24T07:00:00.000Z');
  });

  it('weekdays@09:00 skips the weekend; an instant exactly at now counts as passed', () => {
    expect(lastFire('0 9 * * 1-5', 'America/New_York', new Date('2026-11-29T15:00:00Z')).at.toISOString()).toBe('2026-11-27T14:00:00.000Z');
    expect(lastFire('0 9 * * *', 'UTC', new Date('2026-11-25T09:00:00Z')).at.toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });
});

describeEachDatabase('digests and burn-rate alerts', (db) => {
  const setup = async (at = '2026-11-23T07:30:00Z') => {
    const time = new ManualTime(at);
    const admin = await seedEstate(db().store, time);
    const queries = new QueryUseCases(db().store, time, 'Europe/Berlin');
    const digests = new DigestUseCase(db().store, time, queries);
    await admin.subscribe({ channel: C1, services: ['payments'], allServices: false, digestSpec: 'daily@09:00', digestCron: '0 9 * * *', timezone: 'Europe/Berlin', createdBy: ALICE });
    return { time, admin, queries, digests, incidents: new IncidentUseCases(db().store, time) };
  };
  const keys = async () => (await db().handle.db.select({ key: outbox.key, payload: outbox.payload }).from(outbox)).map((r) => r.key).sort();

  it('queues one digest per subscription and period, however often and by however many replicas it is asked', async () => {
    const { time, digests } = await setup();
    // Subscribed at 08:30 Berlin: the 09:00 digest is not due yet, and yesterday's predates the subscription.
    expect(await digests.enqueueDue()).toBe(0);
    time.set('2026-11-23T08:00:05Z');
    const again = new DigestUseCase(db().store, time, new QueryUseCases(db().store, time, 'UTC'));
    expect((await Promise.all([digests.enqueueDue(), again.enqueueDue(), digests.enqueueDue()])).reduce((a, b) => a + b)).toBe(1);
    time.advance(20 * MIN);
    expect(await digests.enqueueDue()).toBe(0);
    const [row] = await db().handle.db.select().from(outbox);
    expect(row).toMatchObject({ key: `digest:1:2026-11-23T08:00:00.000Z`, payload: { type: 'digest', late: false } });
  });

  it('a digest missed while down is sent once, late; older missed ones are not replayed', async () => {
    const { time, digests } = await setup();
    time.set('2026-11-26T13:00:00Z'); // down for three days
    expect(await digests.enqueueDue()).toBe(1);
    expect(await keys()).toEqual(['digest:1:2026-11-26T08:00:00.000Z']);
    const [row] = await db().handle.db.select().from(outbox);
    expect(row!.payload).toMatchObject({ late: true });
  });

  it('renders the period with availability, budget, counts, MTTA/MTTR and open incidents', async () => {
    const { time, digests, incidents } = await setup('2026-11-22T07:30:00Z');
    time.set('2026-11-22T09:00:00Z');
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE });
    time.advance(5 * MIN);
    await incidents.acknowledge(1, ALICE);
    time.advance(25 * MIN);
    await incidents.resolve(1, ALICE, null);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Refunds slow', impact: 'degraded', actor: ALICE });
    time.set('2026-11-23T08:00:30Z');
    const m = await digests.render(1, '2026-11-23T08:00:00.000Z', false);
    expect(m!.fallback).toBe('Digest · daily@09:00 · payments: 2 opened, 1 resolved, 0 breaches, 1 open');
    const text = JSON.stringify(m!.blocks);
    expect(text).toMatch(/MTTA/);
    expect(text).toMatch(/INC-2 · P1 · Refunds slow/);
    expect(text).toMatch(/budget/);
  });

  it('burn-rate alerts: one per episode, an escalation, and a recovery note', async () => {
    const { time, incidents, queries } = await setup('2026-11-23T07:30:00Z');
    const burns = new BurnAlertUseCase(db().store, time, queries);
    expect(await burns.check()).toEqual({ started: 0, escalated: 0, ended: 0 });
    // A full outage: after 5 min the 5-minute rate is 1000× budget and the 1 h rate over 14.4: page.
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'down', actor: ALICE });
    time.advance(5 * MIN);
    expect(await burns.check()).toMatchObject({ started: 1 });
    expect(await burns.check()).toMatchObject({ started: 0, escalated: 0 });
    await incidents.resolve(1, ALICE, null);
    time.advance(60 * MIN); // 5m window clean, but the 3-day ticket rule still burns
    expect(await burns.check()).toMatchObject({ ended: 0 });
    time.advance(3 * 24 * 60 * MIN);
    expect(await burns.check()).toMatchObject({ ended: 1 });
    expect((await keys()).filter((k) => k.startsWith('burn:'))).toEqual(['burn:payments:1:page:slack:C1', 'burn:payments:1:recovered:slack:C1']);
  });
});
