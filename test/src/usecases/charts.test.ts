/**
 * The figures behind the charts (src/usecases/charts.ts) agree with what `status` and `report` print for the
 * same service at the same instant: the burn-down ends at the budget `status` shows, daily availability adds
 * up to the window's downtime, weekly MTTA/MTTR are `report`'s over each week, and the daily status bar
 * names outages, degraded days and maintenance. On both databases.
 */
import { expect, it } from 'vitest';
import { ChartUseCases } from '../../../src/usecases/charts.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { setup, type Harness } from '../../commands/harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describeEachDatabase('chart figures', (db) => {
  /** Payments at 99.5 % over 7 days on 24x7; an outage, a degraded hour, maintenance, over a week. */
  const estate = async (): Promise<{ h: Harness; charts: ChartUseCases }> => {
    const h = await setup(db(), '2026-11-16T08:00:00Z');
    const lines = [
      'service add payments "Payments API" --availability 99.5 --window 7d',
      'policy set payments P1 ack=15m resolve=4h',
      'policy set payments P3 ack=4h resolve=3d',
    ];
    for (const l of lines) expect((await h.run(l)).changed, l).toBe(true);
    // Mon 16 Nov: a 30-minute outage, acknowledged in 10 min (met), resolved in 30 min.
    await h.run('open payments P1 "Checkout down" --impact outage');
    h.time.advance(10 * MIN);
    await h.run('ack INC-1');
    h.time.advance(20 * MIN);
    await h.run('resolve INC-1');
    // Tue 17 Nov: degraded for an hour, acknowledged late (ack breached).
    h.time.set('2026-11-17T09:00:00Z');
    await h.run('open payments P1 "Slow refunds" --impact degraded');
    h.time.advance(HOUR);
    await h.run('ack INC-2');
    await h.run('resolve INC-2');
    // Wed 18 Nov: two hours of maintenance, nothing down.
    await h.run('maintenance payments 2026-11-18T10:00Z 2h "upgrade"');
    // Mon 23 Nov (next week): a P3, still open.
    h.time.set('2026-11-23T09:00:00Z');
    await h.run('open payments P3 "Typo on the status page" --impact none');
    h.time.set('2026-11-23T12:00:00Z');
    return { h, charts: new ChartUseCases(db().store, h.time, 'Europe/Berlin') };
  };

  it('the burn-down ends at the budget status shows, and marks the incidents that took budget', async () => {
    const { h, charts } = await estate();
    const status = await h.deps.queries.service('payments');
    const chart = (await charts.budget('payments'))!;
    expect(chart.kind).toBe('budget');
    const last = chart.points[chart.points.length - 1]!;
    expect(last.at.getTime()).toBe(h.time.now().getTime());
    expect(last.left).toBeCloseTo(status.objective!.remainingFraction, 12);
    // Left only falls, from untouched at the window's start.
    expect(chart.points[0]!.left).toBe(1);
    for (let i = 1; i < chart.points.length; i++) expect(chart.points[i]!.left).toBeLessThanOrEqual(chart.points[i - 1]!.left);
    // The 7-day window began on 16 Nov at 12:00: INC-1's outage that morning is outside it, and took none.
    expect(chart.from.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(chart.incidents.map((i) => i.label)).toEqual(['INC-2']);
    expect(chart.points.length).toBeLessThanOrEqual(62 + 4);
    // The drop is drawn where it happened: a point where INC-2 began and where it ended.
    expect(chart.points.map((p) => p.at.toISOString())).toEqual(expect.arrayContaining(["2026-11-17T09:00:00.000Z", "2026-11-17T10:00:00.000Z"]));
  });

  it('availability per day: each day from its own downtime, maintenance off the denominator', async () => {
    const { h, charts } = await estate();
    const from = new Date('2026-11-15T23:00:00Z'); // Mon 16 Nov, 00:00 in Berlin
    const chart = await charts.availability('payments', from, h.time.now(), 'day', 'Europe/Berlin');
    const byDay = chart.points.map((p) => p.availability);
    expect(chart.points.length).toBe(8);
    expect(byDay[0]).toBeCloseTo(1 - 30 / (24 * 60), 12); // 30 min outage
    expect(byDay[1]).toBeCloseTo(1 - (60 * 0.5) / (24 * 60), 12); // an hour degraded at weight 0.5
    expect(byDay[2]).toBe(1); // maintenance only
    expect(byDay[7]).toBe(1); // today so far
    expect(chart.target).toBe(0.995);
    // Weeks start on Monday in the zone asked for.
    const weeks = await charts.availability('payments', from, h.time.now(), 'week', 'Europe/Berlin');
    expect(weeks.points.map((p) => p.from.toISOString())).toEqual(['2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z']);
  });

  it('the daily status bar: outage, degraded, maintenance, operational, and no data ahead', async () => {
    const { charts } = await estate();
    const days = (await charts.dailyStatus(['payments'], 10, 'Europe/Berlin')).get('payments')!;
    expect(days).toHaveLength(10);
    const at = (d: string) => days.find((x) => x.day === d)!;
    expect(at('2026-11-16').status).toBe('outage');
    expect(at('2026-11-17').status).toBe('degraded');
    expect(at('2026-11-18').status).toBe('maintenance');
    expect(at('2026-11-19').status).toBe('operational');
    expect(days[days.length - 1]!.day).toBe('2026-11-23');
  });

  it('MTTA and MTTR per week are report over each week; attainment per priority counts decided clocks', async () => {
    const { h, charts } = await estate();
    const from = new Date('2026-11-15T23:00:00Z');
    const to = h.time.now();
    const response = await charts.response(null, from, to, 'Europe/Berlin');
    const week1 = await h.deps.queries.reportRange(null, from, new Date('2026-11-22T23:00:00Z'), 'week');
    expect(response.points[0]!.mttaMs).toBe(week1.overall.mttaMs);
    expect(response.points[0]!.mttrMs).toBe(week1.overall.mttrMs);
    expect(response.points[1]).toMatchObject({ mttaMs: null, mttrMs: null });
    const attainment = await charts.attainment(['payments'], from, to, 'Europe/Berlin');
    // Week 1, P1: INC-1 met both clocks; INC-2 breached its ack clock (60 min of 15) and met resolve.
    expect(attainment.weeks).toContainEqual({ from, priority: 'P1', ackMet: 0.5, resolveMet: 1 });
    // Week 2, P3: its clocks are still running, so nothing is decided yet.
    expect(attainment.weeks).toContainEqual({ from: new Date('2026-11-22T23:00:00Z'), priority: 'P3', ackMet: null, resolveMet: null });
  });

  it('a report for one service carries four charts; for all, the worst budgets lead', async () => {
    const { charts } = await estate();
    expect((await charts.forReport('payments', '30d', 'Europe/Berlin')).map((c) => c.kind)).toEqual(['budget', 'availability', 'attainment', 'response']);
    expect((await charts.forReport(null, 'quarter', 'Europe/Berlin')).map((c) => c.kind)).toEqual(['budget', 'attainment', 'response']);
    expect(await charts.worstBudgets(null)).toHaveLength(1);
  });
});
