/**
 * docs/semantics.md §3's one denominator through the query use cases, on a real database: for a calendar
 * month, `status` takes availability and the error budget over the whole month (so "availability ≥ target"
 * holds exactly when "budget left ≥ 0"), `report --period month` gives the same figure, and burn-rate
 * thresholds scale with the length the budget is taken over.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Impact } from '../../../src/domain/incident.ts';
import { plain } from '../../../src/messages/views/plain.ts';
import { DigestUseCase } from '../../../src/usecases/digests.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Sat 12 Dec 2026, 10:00 in Berlin: December (744 h) is 11 days 10 hours old. */
const NOW = '2026-12-12T09:00:00Z';
const DECEMBER = Date.parse('2026-11-30T23:00:00Z');

describeEachDatabase('one denominator in status and reports', (db) => {
  const setup = async () => {
    const time = new ManualTime(NOW);
    const admin = await seedEstate(db().store, time);
    // search: 99.5 % per calendar month, no calendar, so the month is Berlin's (the queries' zone).
    return { time, admin, incidents: new IncidentUseCases(db().store, time), queries: new QueryUseCases(db().store, time, 'Europe/Berlin') };
  };

  const outage = async (h: Awaited<ReturnType<typeof setup>>, from: string, ms: number | null, impact: Impact = 'outage') => {
    h.time.set(from);
    const s = await h.incidents.open({ serviceKey: 'search', priority: 'P2', title: 'down', impact, actor: ALICE });
    if (ms !== null) {
      h.time.advance(ms);
      await h.incidents.resolve(s.incident.number, ALICE, null);
    }
    h.time.set(NOW);
  };

  it('mid-month, availability is the whole month\'s and agrees with the budget left', async () => {
    const h = await setup();
    await outage(h, '2026-12-05T10:00:00Z', 2 * HOUR);
    const o = (await h.queries.service('search')).objective!;
    expect(o.measuredMs).toBe(744 * HOUR);
    expect(o.budgetMs).toBe(3 * HOUR + 43 * MIN + 12 * S); // 0.5 % of 744 h
    expect(o.remainingMs).toBe(HOUR + 43 * MIN + 12 * S);
    // 1 − 2/744, not 1 − 2/274 (99.27 %, "missed" against 99.5 %) beside a budget that is 46 % left.
    expect(o.availability).toBeCloseTo(1 - 2 / 744, 12);
    expect(o.availability >= 0.995).toBe(true);
    expect(o.period).toEqual({ unit: 'month', name: 'December', day: 12, days: 31 });
    const r = await h.queries.report('search', 'month');
    expect(r.calendar).toEqual(o.period);
    expect(r.services[0]).toMatchObject({ availability: o.availability, met: true });
  });

  it('the digest shows the month\'s figures with the month\'s label', async () => {
    const h = await setup();
    await h.admin.subscribe({ channel: { platform: 'slack', id: 'C1' }, services: ['search'], allServices: false, digestSpec: 'daily@09:00', digestCron: '0 9 * * *', timezone: 'Europe/Berlin', createdBy: ALICE });
    await outage(h, '2026-12-05T10:00:00Z', 2 * HOUR);
    const [sub] = await db().store.read.subscriptions.list();
    const m = await new DigestUseCase(db().store, h.time, h.queries).render(sub!.id, '2026-12-12T08:00:00.000Z', false);
    const lines = m!.blocks.flatMap((b) => (b.type === 'list' ? b.items.map((i) => plain(i)) : []));
    expect(lines[0]).toMatch(/^search · 99\.73% of 99\.5% \(December, 12 days in\) · 1h 43m budget left \(46%\)/);
  });

  it('overspent and below target go together', async () => {
    const h = await setup();
    await outage(h, '2026-12-03T10:00:00Z', 4 * HOUR);
    const o = (await h.queries.service('search')).objective!;
    expect(o.remainingMs).toBeLessThan(0);
    expect(o.availability).toBeLessThan(0.995);
    expect((await h.queries.report('search', 'month')).services[0]!.met).toBe(false);
  });

  it('burn-rate thresholds follow the budget: maintenance later this month lowers them with it', async () => {
    const h = await setup();
    // Ten days of maintenance later in December: the budget is over 504 h, not 744 h.
    await h.admin.addMaintenance('search', new Date('2026-12-20T00:00:00Z'), 240 * HOUR, 'freeze', ALICE);
    // Down for the last 3 min 40 s: 220 s of a 2.52 h budget in the last hour is 2.4 % of it (> 2 %: page),
    // but only 1.6 % of what the budget would be over the whole 744 h.
    await outage(h, new Date(Date.parse(NOW) - 220 * S).toISOString(), null);
    const s = await h.queries.service('search');
    expect(s.objective!.measuredMs).toBe(504 * HOUR);
    expect(s.objective!.budgetMs).toBe(2 * HOUR + 31 * MIN + 12 * S);
    expect(s.objective!.burn).toBe('page');
    expect(s.reasons).toContain('burning error budget fast');
  });

  it('status and report agree, and availability ≥ target ⇔ budget left ≥ 0, on random Decembers (property)', async () => {
    const incident = fc.record({
      // Minutes after the start of December (or up to a day before it), a duration, ongoing or not.
      start: fc.integer({ min: -24 * 60, max: 11 * 24 * 60 }),
      minutes: fc.integer({ min: 1, max: 12 * 60 }),
      ongoing: fc.boolean(),
      impact: fc.constantFrom<Impact>('outage', 'degraded', 'none'),
    });
    const maintenance = fc.option(fc.record({ start: fc.integer({ min: 0, max: 30 * 24 * 60 }), minutes: fc.integer({ min: 1, max: 5 * 24 * 60 }) }));
    await fc.assert(
      fc.asyncProperty(fc.array(incident, { maxLength: 4 }), maintenance, async (list, maint) => {
        await db().reset();
        const h = await setup();
        if (maint) await h.admin.addMaintenance('search', new Date(DECEMBER + maint.start * MIN), maint.minutes * MIN, null, ALICE);
        for (const i of list) {
          const start = DECEMBER + i.start * MIN;
          const end = Math.min(start + i.minutes * MIN, Date.parse(NOW));
          await outage(h, new Date(start).toISOString(), i.ongoing ? null : end - start, i.impact);
        }
        const o = (await h.queries.service('search')).objective!;
        const overview = (await h.queries.overview()).services.find((s) => s.service.key === 'search')!.objective!;
        const report = (await h.queries.report('search', 'month')).services[0]!;
        expect(o.availability >= 0.995).toBe(o.remainingMs >= 0);
        expect(overview).toEqual(o);
        expect(report.availability).toBe(o.availability);
        expect(report.met).toBe(o.remainingMs >= 0);
        expect(o.measuredMs + (maint ? Math.min(maint.minutes * MIN, DECEMBER + 31 * DAY - (DECEMBER + maint.start * MIN)) : 0)).toBe(744 * HOUR);
      }),
      { numRuns: 12 },
    );
  });
});
