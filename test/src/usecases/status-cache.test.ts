/**
 * The kept overview (status-cache.ts) against the straightforward computation: on random estates and
 * timelines — DST changes in Europe/Berlin both ways, month, quarter and year ends, business calendars,
 * maintenance, reopened and re-weighted incidents — a long-lived overview must show, for every service,
 * exactly what `status <service>` computes from scratch at the same instant. And it must not redo work
 * for services nothing happened to; and replicas see each other's writes through the stamp.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseWeeklyHours } from '../../../src/calendar/validate.ts';
import type { Impact, Priority } from '../../../src/domain/incident.ts';
import { UserError } from '../../../src/errors.ts';
import type { ServiceStatus } from '../../../src/model/status.ts';
import { AdminUseCases } from '../../../src/usecases/admin.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { DrizzleStore } from '../../../db/store.ts';
import { openDatabase } from '../../../db/client.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE } from '../../helpers/seed.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ZONE = 'Europe/Berlin';
// Just before Berlin's spring-forward (29 March), its fall-back (25 October) and a quarter's and year's end.
const STARTS = ['2026-03-28T20:30:00Z', '2026-10-24T21:15:00Z', '2026-12-31T21:40:00Z', '2026-06-30T15:00:00Z'];
const WINDOWS = ['1d', '7d', '30d', 'month', 'quarter'];

type Action =
  | { kind: 'open'; service: number; priority: Priority; impact: Impact; sinceMin: number }
  | { kind: 'ack' | 'resolve' | 'reopen' | 'pause' | 'resume'; incident: number }
  | { kind: 'impact'; incident: number; impact: Impact }
  | { kind: 'priority'; incident: number; priority: Priority }
  | { kind: 'maintenance'; service: number; startMin: number; minutes: number }
  | { kind: 'objective'; service: number; window: string; percent: number | null }
  | { kind: 'remove' | 'restore'; service: number }
  | { kind: 'advance'; ms: number };

const impact = fc.constantFrom<Impact>('outage', 'degraded', 'none');
const priority = fc.constantFrom<Priority>('P1', 'P3');
const incident = fc.integer({ min: 1, max: 6 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), service: fc.integer({ min: 0, max: 2 }), priority, impact, sinceMin: fc.integer({ min: 0, max: 90 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('ack' as const, 'resolve' as const, 'reopen' as const, 'pause' as const, 'resume' as const), incident }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('impact' as const), incident, impact }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('priority' as const), incident, priority }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('maintenance' as const), service: fc.integer({ min: 0, max: 2 }), startMin: fc.integer({ min: -120, max: 600 }), minutes: fc.integer({ min: 1, max: 180 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('objective' as const), service: fc.integer({ min: 0, max: 2 }), window: fc.constantFrom(...WINDOWS), percent: fc.constantFrom(99, 99.5, 99.9, null) }) },
  // A service archived, and added back (its history returns with it).
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('remove' as const, 'restore' as const), service: fc.integer({ min: 0, max: 2 }) }) },
  // From a second to two days: seconds tick, hours pass over a DST change, days over a period's end.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 1, max: 90 }).map((s) => s * 1000), fc.integer({ min: 1, max: 48 * 60 }).map((m) => m * MIN)) }) },
);

/** What a reader sees of one service: everything but the open-incident list `status <service>` adds. */
function seen(s: ServiceStatus) {
  const o = s.objective;
  return {
    key: s.service.key,
    health: s.health,
    reasons: s.reasons,
    openCount: s.openCount,
    nearest: s.nearest,
    objective: o && { availability: o.availability, downtimeMs: o.downtimeMs, measuredMs: o.measuredMs, budgetMs: o.budgetMs, remainingMs: o.remainingMs, burn: o.burn, period: o.period ?? null, window: o.window, target: o.target },
  };
}

describeEachDatabase('the kept status overview', (db) => {
  async function estate(time: ManualTime, windows: string[], weights: number[]) {
    const store = db().store;
    const admin = new AdminUseCases(store, time);
    await admin.addCalendar('business', { timezone: ZONE, weekly: parseWeeklyHours('mon-fri 09:00-17:00') });
    for (let i = 0; i < 3; i++) {
      await admin.addService({ key: `s${i}`, name: `S${i}`, availabilityPercent: 99.9, window: windows[i]!, calendar: i === 1 ? 'business' : null, degradedWeight: weights[i]! });
      await admin.setPolicy({ serviceKey: `s${i}`, priority: 'P1', ackSeconds: 15 * 60, resolveSeconds: 4 * 3600 });
      await admin.setPolicy({ serviceKey: `s${i}`, priority: 'P3', ackSeconds: 4 * 3600, resolveSeconds: 3 * 86400 });
    }
    return { admin, incidents: new IncidentUseCases(store, time, ZONE), queries: new QueryUseCases(store, time, ZONE) };
  }

  it('shows every service exactly as the straightforward computation does, at every step', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...STARTS),
        fc.tuple(fc.constantFrom(...WINDOWS), fc.constantFrom(...WINDOWS), fc.constantFrom(...WINDOWS)),
        fc.tuple(fc.constantFrom(0.5, 0.3), fc.constantFrom(0.5, 0.3), fc.constantFrom(0.5, 0.3)),
        fc.array(action, { minLength: 4, maxLength: 16 }),
        async (start, windows, weights, actions) => {
          await db().reset();
          const time = new ManualTime(start);
          const { admin, incidents, queries } = await estate(time, windows, weights);
          const compare = async () => {
            const kept = await queries.overview();
            const direct = await Promise.all(kept.services.map((s) => queries.service(s.service.key)));
            expect(kept.services.map(seen)).toEqual(direct.map(seen));
            // A cold overview (a replica just started) agrees too.
            const cold = await new QueryUseCases(db().store, time, ZONE).overview();
            expect(cold.services.map(seen)).toEqual(kept.services.map(seen));
          };
          await compare();
          for (const a of actions) {
            await apply(a, time, admin, incidents).catch((err: unknown) => {
              if (!(err instanceof UserError)) throw err; // a refused action (resolve twice, …) is fine
            });
            await compare();
          }
        },
      ),
      // Fewer on PostgreSQL: the triggers are the same SQL; what differs there is tested on two replicas below.
      { numRuns: Number(process.env.STATUS_RUNS ?? (db().name === 'postgres' ? 4 : 10)) },
    );
  });

  it('recomputes only what changed: one incident on one of forty quiet services', async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = new AdminUseCases(db().store, time);
    for (let i = 0; i < 40; i++) await admin.addService({ key: `q${String(i).padStart(2, '0')}`, name: `Q${i}`, availabilityPercent: 99.9, window: '30d' });
    const incidents = new IncidentUseCases(db().store, time, ZONE);
    const queries = new QueryUseCases(db().store, time, ZONE);
    expect((await queries.overview()).counts.healthy).toBe(40);
    expect(queries.lastRecomputed).toBe(40);
    time.advance(5 * MIN);
    await queries.overview();
    expect(queries.lastRecomputed).toBe(0); // nothing happened to any of them
    await incidents.open({ serviceKey: 'q07', priority: 'P1', title: 'down', impact: 'outage', actor: ALICE });
    const after = await queries.overview();
    expect(queries.lastRecomputed).toBe(1);
    expect(after.services[0]!.service.key).toBe('q07');
    time.advance(1000);
    await queries.overview();
    expect(queries.lastRecomputed).toBe(1); // its outage runs on; the other 39 hold
  });

  it('a replica sees another replica’s change at its next status', async () => {
    if (db().name !== 'postgres') return; // two processes on one database: PostgreSQL only
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const other = await openDatabase({ url: db().url!, migrate: false });
    try {
      const otherStore = new DrizzleStore(other.db);
      const admin = new AdminUseCases(db().store, time);
      await admin.addService({ key: 'payments', name: 'Payments', availabilityPercent: 99.9, window: '30d' });
      const a = new QueryUseCases(db().store, time, ZONE);
      const b = new QueryUseCases(otherStore, time, ZONE);
      expect((await a.overview()).counts).toEqual({ breached: 0, at_risk: 0, healthy: 1 });
      expect((await b.overview()).counts).toEqual({ breached: 0, at_risk: 0, healthy: 1 });
      // Replica B takes the service down; replica A has never seen a commit of its own.
      time.advance(1000);
      await new IncidentUseCases(otherStore, time, ZONE).open({ serviceKey: 'payments', priority: 'P1', title: 'down', impact: 'outage', impactStart: new Date(time.now().getTime() - 2 * HOUR), actor: ALICE });
      const seenByA = await a.overview();
      expect(seenByA.services[0]!.health).toBe('breached');
      expect(seen(seenByA.services[0]!)).toEqual(seen(await b.service('payments')));
    } finally {
      await other.close();
    }
  });
});

async function apply(a: Action, time: ManualTime, admin: AdminUseCases, incidents: IncidentUseCases): Promise<void> {
  const now = time.now().getTime();
  switch (a.kind) {
    case 'open':
      await incidents.open({ serviceKey: `s${a.service}`, priority: a.priority, title: 'incident', impact: a.impact, impactStart: new Date(now - a.sinceMin * MIN), actor: ALICE });
      return;
    case 'ack':
      await incidents.acknowledge(a.incident, ALICE);
      return;
    case 'resolve':
      await incidents.resolve(a.incident, ALICE, null);
      return;
    case 'reopen':
      await incidents.reopen(a.incident, ALICE);
      return;
    case 'pause':
      await incidents.pause(a.incident, ALICE, null);
      return;
    case 'resume':
      await incidents.resume(a.incident, ALICE);
      return;
    case 'impact':
      await incidents.changeImpact(a.incident, ALICE, a.impact);
      return;
    case 'priority':
      await incidents.changePriority(a.incident, ALICE, a.priority);
      return;
    case 'maintenance':
      await admin.addMaintenance(`s${a.service}`, new Date(now + a.startMin * MIN), a.minutes * MIN, null, ALICE);
      return;
    case 'objective':
      await admin.setService({ key: `s${a.service}`, availabilityPercent: a.percent, ...(a.percent === null ? {} : { window: a.window }) });
      return;
    case 'remove':
      await admin.removeService(`s${a.service}`);
      return;
    case 'restore':
      await admin.addService({ key: `s${a.service}`, name: `S${a.service}`, availabilityPercent: 99.9, window: '30d' });
      return;
    case 'advance':
      time.advance(a.ms);
      return;
  }
}
