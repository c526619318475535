import { expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.ts';
import { DuplicateEventError, IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { SweepUseCase } from '../../../src/usecases/sweep.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../../helpers/seed.ts';
import { outbox } from '../../../db/schema.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describeEachDatabase('incident lifecycle', (db) => {
  // Monday 23 Nov 2026, 10:00 in Berlin (UTC+1).
  const setup = async (at = '2026-11-23T09:00:00Z') => {
    const time = new ManualTime(at);
    const admin = await seedEstate(db().store, time);
    return { time, admin, incidents: new IncidentUseCases(db().store, time), sweep: new SweepUseCase(db().store, time) };
  };

  it('opens with gapless human numbers and both clocks from the policy', async () => {
    const { incidents } = await setup();
    const a = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE });
    const b = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Again', actor: ALICE });
    expect([a.incident.number, b.incident.number]).toEqual([1, 2]);
    expect(a.clocks.map((c) => [c.stored.kind, c.stored.targetSeconds, c.stored.calendar, c.stored.state])).toEqual([
      ['ack', 900, 'business', 'running'],
      ['resolve', 14400, 'business', 'running'],
    ]);
    // Due 15 min after opening (inside business hours); first warning at 75 %.
    const ack = a.clocks[0]!.stored;
    expect(ack.dueAt?.toISOString()).toBe('2026-11-23T09:15:00.000Z');
    expect(ack.nextCheckAt?.toISOString()).toBe(new Date(Date.parse('2026-11-23T09:00:00Z') + 0.75 * 15 * MIN).toISOString());
    const stored = await db().store.read.incidents.get(1);
    expect(stored?.title).toBe('Card payments failing');
    expect((await db().store.read.incidents.events(1)).map((e) => e.kind)).toEqual(['opened']);
  });

  it('counts only business hours: opened Friday 16:00 Berlin with 4h to resolve is due Monday 12:00', async () => {
    const { incidents } = await setup('2026-11-27T15:00:00Z');
    const s = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    expect(s.clocks[1]!.stored.dueAt?.toISOString()).toBe('2026-11-30T11:00:00.000Z');
  });

  it('an unknown service fails without using a number', async () => {
    const { incidents } = await setup();
    await expect(incidents.open({ serviceKey: 'nope', priority: 'P1', title: 't', actor: ALICE })).rejects.toBeInstanceOf(NotFoundError);
    const s = await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    expect(s.incident.number).toBe(1);
  });

  it('acknowledging stops the ack clock within target (met), pausing stops only the resolve clock', async () => {
    const { time, incidents } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    time.advance(10 * MIN);
    const acked = await incidents.acknowledge(1, BOB);
    expect(acked.incident.status).toBe('acknowledged');
    expect(acked.incident.acknowledgedBy?.id).toBe(BOB.id);
    expect(acked.clocks[0]!.evaluation).toMatchObject({ state: 'met', elapsedMs: 10 * MIN });
    expect(acked.clocks[0]!.stored.nextCheckAt).toBeNull();
    time.advance(20 * MIN);
    const paused = await incidents.pause(1, BOB, 'waiting on the card network');
    expect(paused.clocks[1]!.evaluation).toMatchObject({ state: 'paused', elapsedMs: 30 * MIN, dueAt: null });
    expect(paused.clocks[1]!.evaluation.stoppedBy).toMatchObject({ kind: 'paused', reason: 'waiting on the card network' });
    time.advance(2 * HOUR);
    const resumed = await incidents.resume(1, BOB);
    expect(resumed.incident.status).toBe('acknowledged');
    expect(resumed.clocks[1]!.evaluation.elapsedMs).toBe(30 * MIN);
    // 3h30m left, counted from the resume at 11:30 UTC (12:30 Berlin) → 16:00 Berlin = 15:00 UTC.
    expect(resumed.clocks[1]!.stored.dueAt?.toISOString()).toBe('2026-11-23T15:00:00.000Z');
    time.advance(HOUR);
    const resolved = await incidents.resolve(1, ALICE, 'rolled back the release');
    expect(resolved.clocks[1]!.evaluation).toMatchObject({ state: 'met', elapsedMs: 90 * MIN });
    expect(resolved.events.map((e) => e.kind)).toEqual(['opened', 'acknowledged', 'paused', 'resumed', 'resolved']);
  });

  it('reopen resumes the same resolve clock with its elapsed time kept', async () => {
    const { time, incidents } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    time.advance(HOUR);
    await incidents.resolve(1, ALICE, null);
    time.advance(HOUR);
    const r = await incidents.reopen(1, BOB);
    expect(r.incident.status).toBe('open');
    expect(r.clocks[1]!.evaluation).toMatchObject({ state: 'running', elapsedMs: HOUR });
    time.advance(30 * MIN);
    const g = await incidents.get(1);
    expect(g.clocks[1]!.evaluation.elapsedMs).toBe(90 * MIN);
  });

  it('illegal transitions are clear errors that change nothing', async () => {
    const { incidents } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    await incidents.resolve(1, ALICE, null);
    const before = await db().store.read.incidents.events(1);
    await expect(incidents.acknowledge(1, BOB)).rejects.toThrow(/resolved/);
    await expect(incidents.resume(1, BOB)).rejects.toBeInstanceOf(ConflictError);
    await expect(incidents.pause(1, BOB, null)).rejects.toBeInstanceOf(ConflictError);
    await expect(incidents.resolve(1, BOB, null)).rejects.toBeInstanceOf(ConflictError);
    await expect(incidents.changePriority(1, BOB, 'P2')).rejects.toBeInstanceOf(ConflictError);
    await expect(incidents.acknowledge(99, BOB)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db().store.read.incidents.events(1)).toEqual(before);
    expect((await db().store.read.incidents.get(1))?.status).toBe('resolved');
  });

  it('a priority change recomputes both clocks from openedAt with the new targets (retroactive)', async () => {
    const { time, admin, incidents, sweep } = await setup();
    await admin.setPolicy({ serviceKey: 'payments', priority: 'P3', ackSeconds: 8 * 3600, resolveSeconds: 5 * 8 * 3600 });
    await incidents.open({ serviceKey: 'payments', priority: 'P3', title: 't', actor: ALICE });
    time.advance(HOUR);
    const s = await incidents.changePriority(1, BOB, 'P1');
    expect(s.incident.priority).toBe('P1');
    // An hour in, the 15-minute ack target is already passed: breached, and the breach alert is owed now.
    const ack = s.clocks[0]!;
    expect(ack.evaluation.state).toBe('breached');
    expect(ack.stored.targetSeconds).toBe(900);
    expect(ack.stored.breachedAt?.toISOString()).toBe('2026-11-23T09:15:00.001Z');
    expect(ack.stored.nextCheckAt?.getTime()).toBeLessThanOrEqual(time.now().getTime());
    const r = await sweep.run();
    expect(r.breaches).toBe(1);
  });

  it('the sweep fires each warning once and the breach once, and re-arms the next check', async () => {
    const { time, admin, incidents, sweep } = await setup();
    await admin.subscribe({ channel: { platform: 'slack', id: 'C1' }, services: ['payments'], allServices: false, digestSpec: null, digestCron: null, timezone: 'Europe/Berlin', createdBy: ALICE });
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: { platform: 'slack', id: 'C0' } });
    expect(await sweep.run()).toEqual({ claimed: 0, warnings: 0, breaches: 0 });
    time.advance(11 * MIN + 15_000); // 75 % of 15 min
    expect(await sweep.run()).toMatchObject({ claimed: 1, warnings: 1 });
    expect(await sweep.run()).toMatchObject({ claimed: 0 });
    time.advance(2 * MIN + 15_000); // 90 %
    expect(await sweep.run()).toMatchObject({ claimed: 1, warnings: 1 });
    time.advance(MIN + 31_000); // 15m01s: past the target
    expect(await sweep.run()).toMatchObject({ claimed: 1, breaches: 1 });
    time.advance(HOUR);
    expect(await sweep.run()).toMatchObject({ claimed: 0 });
    const rows = await db().handle.db.select({ key: outbox.key }).from(outbox);
    const keys = rows.map((r) => r.key).sort();
    // The subscribed channel and the channel it was opened in each get each alert once; the opening
    // channel gets the card (refreshed once the clock breached), so only C1 got the new-incident notice.
    expect(keys).toEqual([
      'breach:INC-1:ack:slack:C0',
      'breach:INC-1:ack:slack:C1',
      'card:INC-1:post:slack:C0',
      'card:INC-1:update:breach-ack:slack:C0',
      'opened:INC-1:slack:C1',
      'warn:INC-1:ack:75:slack:C0',
      'warn:INC-1:ack:75:slack:C1',
      'warn:INC-1:ack:90:slack:C0',
      'warn:INC-1:ack:90:slack:C1',
    ]);
  });

  it('pausing cancels pending resolve alerts; resuming re-arms them at their new instants', async () => {
    const { time, incidents, sweep } = await setup('2026-11-23T08:00:00Z'); // Mon 09:00 Berlin
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    await incidents.acknowledge(1, ALICE);
    time.advance(2 * HOUR);
    const paused = await incidents.pause(1, ALICE, 'waiting on the vendor');
    expect(paused.clocks[1]!.stored.nextCheckAt).toBeNull();
    time.advance(3 * HOUR); // past the 4 h target in wall time, but the clock is paused
    expect(await sweep.run()).toMatchObject({ claimed: 0 });
    const resumed = await incidents.resume(1, ALICE);
    // 2 h counted; 75 % (3 h) is 1 h after the resume at 14:00 Berlin → 15:00 Berlin = 14:00 UTC.
    expect(resumed.clocks[1]!.stored.nextCheckAt?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    time.set('2026-11-23T14:00:01Z');
    expect(await sweep.run()).toMatchObject({ claimed: 1, warnings: 1 });
  });

  it('a breach that happens outside business hours is only a breach once working time passes the target', async () => {
    const { time, incidents, sweep } = await setup('2026-11-27T15:00:00Z'); // Fri 16:00 Berlin
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    await incidents.acknowledge(1, ALICE);
    time.set('2026-11-30T08:00:00Z'); // Mon 09:00 Berlin: resolve clock at 1h of 4h
    const g = await incidents.get(1);
    expect(g.clocks[1]!.evaluation.elapsedMs).toBe(HOUR);
    expect(await sweep.run()).toMatchObject({ breaches: 0 });
  });
});

describeEachDatabase('taking back and retried events', (db) => {
  const setup = async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    await seedEstate(db().store, time);
    const incidents = new IncidentUseCases(db().store, time);
    await incidents.open({ serviceKey: 'search', priority: 'P2', title: 't', actor: ALICE });
    return { time, incidents };
  };

  it('an acknowledgement taken back within 60 s is as if it never happened: the ack clock counts on', async () => {
    const { time, incidents } = await setup();
    time.advance(5 * MIN);
    await incidents.acknowledge(1, BOB);
    time.advance(40_000);
    const s = await incidents.undo(1, BOB, 'acknowledged');
    expect(s.incident).toMatchObject({ status: 'open', acknowledgedAt: null, acknowledgedBy: null });
    expect(s.clocks[0]!.evaluation).toMatchObject({ state: 'running', elapsedMs: 5 * MIN + 40_000 });
    expect(s.events.map((e) => e.kind)).toEqual(['opened', 'acknowledged', 'undone']);
    // And it can be acknowledged again.
    expect((await incidents.acknowledge(1, ALICE)).incident.acknowledgedBy?.id).toBe(ALICE.id);
  });

  it('a resolution taken back restores the previous status and the resolve clock counts through it', async () => {
    const { time, incidents } = await setup();
    await incidents.acknowledge(1, BOB);
    time.advance(10 * MIN);
    await incidents.resolve(1, BOB, null);
    time.advance(30_000);
    const s = await incidents.undo(1, BOB, 'resolved');
    expect(s.incident).toMatchObject({ status: 'acknowledged', resolvedAt: null });
    expect(s.clocks[1]!.evaluation).toMatchObject({ state: 'running', elapsedMs: 10 * MIN + 30_000 });
  });

  it('cannot be taken back after 60 s, by someone else, or when nothing was done', async () => {
    const { time, incidents } = await setup();
    await expect(incidents.undo(1, BOB, 'acknowledged')).rejects.toBeInstanceOf(ConflictError);
    await incidents.acknowledge(1, BOB);
    await expect(incidents.undo(1, ALICE, 'acknowledged')).rejects.toThrow(/Only bob/);
    time.advance(61_000);
    await expect(incidents.undo(1, BOB, 'acknowledged')).rejects.toThrow(/more than a minute/);
    expect((await db().store.read.incidents.get(1))?.acknowledgedBy?.id).toBe(BOB.id);
  });

  it('an event delivered twice with the same key acts once', async () => {
    const { incidents } = await setup();
    await incidents.acknowledge(1, BOB, { dedupeKey: 'slack:Ev1' });
    await incidents.undo(1, BOB, 'acknowledged');
    await expect(incidents.acknowledge(1, BOB, { dedupeKey: 'slack:Ev1' })).rejects.toBeInstanceOf(DuplicateEventError);
    expect((await db().store.read.incidents.get(1))?.acknowledgedAt).toBeNull();
  });
});
