import { expect, it } from 'vitest';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../../helpers/seed.ts';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

describeEachDatabase('status and reports', (db) => {
  const setup = async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = await seedEstate(db().store, time);
    return { time, admin, incidents: new IncidentUseCases(db().store, time), queries: new QueryUseCases(db().store, time, 'Europe/Berlin') };
  };

  it('99.9 % over 30 days allows 43 min 12 s; half of it spent leaves 21 min 36 s (docs/semantics.md §3 reference)', async () => {
    const { time, incidents, queries } = await setup();
    const since = new Date(time.now().getTime() - (21 * MIN + 36 * S));
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'outage', impactStart: since, actor: ALICE });
    await incidents.resolve(1, ALICE, null);
    const s = await queries.service('payments');
    expect(s.objective!.budgetMs).toBe(43 * MIN + 12 * S);
    expect(s.objective!.downtimeMs).toBe(21 * MIN + 36 * S);
    expect(s.objective!.remainingMs).toBe(21 * MIN + 36 * S);
    expect(s.objective!.remainingFraction).toBeCloseTo(0.5, 12);
    expect(s.objective!.availability).toBeCloseTo(1 - (21 * MIN + 36 * S) / (30 * 24 * HOUR), 12);
  });

  it('overlapping incidents count the heaviest impact, not the sum; maintenance does not count', async () => {
    const { time, admin, incidents, queries } = await setup();
    const t0 = time.now().getTime();
    time.set(new Date(t0 - 60 * MIN));
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'slow', impact: 'degraded', actor: ALICE });
    time.advance(20 * MIN);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'down', impact: 'outage', actor: ALICE });
    await admin.addMaintenance('payments', new Date(t0 - 30 * MIN), 10 * MIN, 'planned', ALICE);
    time.advance(20 * MIN);
    await incidents.resolve(2, BOB, null);
    time.advance(20 * MIN);
    await incidents.resolve(1, BOB, null);
    const s = await queries.service('payments');
    // degraded 0.5 × (60 − 20 outage − 0) + outage 1 × (20 − 10 maintenance)
    // timeline: [-60,-40) degraded 20m×0.5=10m; [-40,-30) outage 10m; [-30,-20) maintenance; [-20,0) degraded 20m×0.5=10m
    expect(s.objective!.downtimeMs).toBe(30 * MIN);
  });

  it('a reopened incident is down only while unresolved', async () => {
    const { time, incidents, queries } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    time.advance(10 * MIN);
    await incidents.resolve(1, ALICE, null);
    time.advance(60 * MIN);
    await incidents.reopen(1, ALICE);
    time.advance(5 * MIN);
    const s = await queries.service('payments');
    expect(s.objective!.downtimeMs).toBe(15 * MIN);
    expect(s.open).toHaveLength(1);
  });

  it('status lists services worst first: breached clocks, then at risk, then healthy', async () => {
    const { time, admin, incidents, queries } = await setup();
    await admin.addService({ key: 'auth', name: 'Auth' });
    await incidents.open({ serviceKey: 'search', priority: 'P2', title: 'slow search', impact: 'none', actor: ALICE });
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'down', impact: 'none', actor: ALICE });
    time.advance(20 * MIN); // payments P1 ack (15m) breached; search P2 ack (30m) not yet
    const o = await queries.overview();
    expect(o.services.map((s) => [s.service.key, s.health])).toEqual([
      ['payments', 'breached'],
      ['search', 'at_risk'],
      ['auth', 'healthy'],
    ]);
    expect(o.counts).toEqual({ breached: 1, at_risk: 1, healthy: 1 });
    expect(o.services[0]!.nearest).toMatchObject({ incident: 2, kind: 'ack', breached: true });
    expect(o.services[0]!.reasons[0]).toBe('1 incident past SLA');
    expect(o.services[1]!.nearest).toMatchObject({ incident: 1, kind: 'ack', breached: false, dueAt: new Date('2026-11-23T09:30:00Z') });
  });

  it('reports MTTA and MTTR (wall clock and business time) and breaches over a period', async () => {
    const { time, incidents, queries } = await setup();
    // Mon 10:00 Berlin: ack after 10 min, resolve after 2 h.
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'a', actor: ALICE });
    time.advance(10 * MIN);
    await incidents.acknowledge(1, BOB);
    time.advance(110 * MIN);
    await incidents.resolve(1, BOB, null);
    // Mon 16:30 Berlin: ack after 20 min (breach), resolve Tue 09:30 Berlin (17 h wall, 1 h business).
    time.set('2026-11-23T15:30:00Z');
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'b', actor: ALICE });
    time.advance(20 * MIN);
    await incidents.acknowledge(2, BOB);
    time.set('2026-11-24T08:30:00Z');
    await incidents.resolve(2, BOB, null);
    const r = await queries.report('payments', '7d');
    const p = r.services[0]!;
    expect(p.stats.opened).toBe(2);
    expect(p.stats.resolved).toBe(2);
    expect(p.stats.mttaMs).toBe(15 * MIN);
    expect(p.stats.mttrMs).toBe((2 * HOUR + 17 * HOUR) / 2);
    expect(p.stats.mttrBusinessMs).toBe((2 * HOUR + 1 * HOUR) / 2);
    expect(p.stats.breaches).toBe(1);
    expect(p.breachedClocks).toBe(1);
    expect(r.overall.opened).toBe(2);
  });

  it('a report ending now includes an incident opened this very second', async () => {
    const { incidents, queries } = await setup();
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
    const r = await queries.report('payments', '30d');
    expect(r.services[0]!.stats.opened).toBe(1);
  });
});
