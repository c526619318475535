/**
 * The figures behind the charts (src/charts/chart.ts): error budget burn-down, availability per day or
 * week, SLA attainment per priority per week, MTTA/MTTR per week, and the daily status bar of the
 * dashboard. Each is computed from the same history and clocks as `status` and `report`
 * (docs/semantics.md §2–3), so a chart never disagrees with the figure printed beside it. A fixed number
 * of queries per chart; the downtime of many buckets is read from one prepared profile.
 */
import { DateTime } from 'luxon';
import type { AttainmentChart, AvailabilityChart, BudgetChart, Chart, ResponseTrendChart } from '../charts/chart.ts';
import { formatIncidentRef } from '../domain/incident-id.ts';
import type { Incident } from '../domain/incident.ts';
import type { Service } from '../domain/service.ts';
import { NotFoundError } from '../errors.ts';
import type { Repositories, Store } from '../ports/store.ts';
import { liveClock, type LiveClock } from '../sla/stored.ts';
import type { TimeSource } from '../time-source.ts';
import { floorToSecond } from '../time.ts';
import { allowedDowntime } from '../slo/availability.ts';
import { DowntimeProfile } from '../slo/downtime-profile.ts';
import { incidentStats } from '../slo/incident-stats.ts';
import { objectiveWindow, parseReportPeriod, parseSloWindow, windowRange } from '../slo/window.ts';
import { calendarCache } from './calendars.ts';
import { historyOf } from './service-standing.ts';

/** One local day of a service on the dashboard's status bar. */
export type DayStatus = {
  /** The local date, `YYYY-MM-DD`, in the zone asked for. */
  day: string;
  from: Date;
  /** Availability over the part of the day measured so far; null when nothing was measured (all maintenance, the future). */
  availability: number | null;
  /** The worst that happened that day: an outage, else degraded service, else maintenance, else operational. */
  status: 'operational' | 'degraded' | 'outage' | 'maintenance' | 'no-data';
};

/** At most this many points on a burn-down line (plus now): enough for a smooth line, few enough to draw fast. */
const BUDGET_POINTS = 60;
/** At most this many impact starts and ends are added to the burn-down's grid (beyond it, the grid alone). */
const MAX_KNOTS = 300;
/** Budget charts a digest or an all-services report carries: the services with the least budget left. */
export const WORST_BUDGETS = 3;

export class ChartUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    /** Deployment zone: windows of services without a calendar are cut in it, as `status` does. */
    private readonly timezone: string,
  ) {}

  /** The burn-down of a service's error budget over its objective's window up to now; null without an objective. */
  async budget(serviceKey: string): Promise<BudgetChart | null> {
    const r = this.store.read;
    const service = await this.serviceOf(r, serviceKey);
    return this.budgetOf(r, service, this.now());
  }

  /**
   * Budget charts of the services (all with null) with the least budget left, those that have spent some of
   * it, at most `limit`: what a digest shows.
   */
  async worstBudgets(serviceKeys: string[] | null, limit = WORST_BUDGETS): Promise<BudgetChart[]> {
    const r = this.store.read;
    const now = this.now();
    let services = (await r.services.list()).filter((s) => s.objective);
    if (serviceKeys) services = services.filter((s) => serviceKeys.includes(s.key));
    const charts: BudgetChart[] = [];
    for (const s of services) {
      const c = await this.budgetOf(r, s, now);
      if (c && c.points.length && c.points[c.points.length - 1]!.left < 1) charts.push(c);
    }
    const left = (c: BudgetChart) => c.points[c.points.length - 1]!.left;
    return charts.sort((a, b) => left(a) - left(b) || a.title.localeCompare(b.title)).slice(0, limit);
  }

  /** Availability of a service per local day or week (weeks start on Monday) over `[from, to)` in `zone`. */
  async availability(serviceKey: string, from: Date, to: Date, bucket: 'day' | 'week', zone: string): Promise<AvailabilityChart> {
    const r = this.store.read;
    const service = await this.serviceOf(r, serviceKey);
    const now = this.now();
    const profile = await this.profileOf(r, service, from, to);
    const points = buckets(from, to, bucket, zone).map((b) => ({ from: b.from, availability: measuredAvailability(profile, b.from, b.to, now) }));
    return { kind: 'availability', title: `Availability of ${service.name} per ${bucket}`, target: service.objective?.target ?? null, bucket, points, zone };
  }

  /** SLA attainment per priority per week of the incidents opened in `[from, to)`. */
  async attainment(serviceKeys: string[] | null, from: Date, to: Date, zone: string): Promise<AttainmentChart> {
    const { incidents, live } = await this.incidentsWithClocks(serviceKeys, from, to);
    const weeks: AttainmentChart['weeks'] = [];
    for (const w of buckets(from, to, 'week', zone)) {
      const mine = incidents.filter((i) => i.openedAt >= w.from && i.openedAt < w.to);
      for (const priority of [...new Set(mine.map((i) => i.priority))].sort()) {
        const clocks = mine.filter((i) => i.priority === priority).flatMap((i) => live.get(i.number) ?? []);
        weeks.push({ from: w.from, priority, ackMet: metFraction(clocks, 'ack'), resolveMet: metFraction(clocks, 'resolve') });
      }
    }
    return { kind: 'attainment', title: `SLA attainment per week · ${scopeName(serviceKeys)}`, weeks, zone };
  }

  /** MTTA and MTTR per week of the incidents opened in `[from, to)`, as `report` computes them. */
  async response(serviceKeys: string[] | null, from: Date, to: Date, zone: string): Promise<ResponseTrendChart> {
    const { incidents } = await this.incidentsWithClocks(serviceKeys, from, to);
    const points = buckets(from, to, 'week', zone).map((w) => {
      const s = incidentStats(
        incidents.map((i) => ({ openedAt: i.openedAt, acknowledgedAt: i.acknowledgedAt, resolvedAt: i.resolvedAt, breached: false })),
        { start: w.from, end: w.to < to ? w.to : to },
      );
      return { from: w.from, mttaMs: s.mttaMs, mttrMs: s.mttrMs };
    });
    return { kind: 'response', title: `MTTA and MTTR per week · ${scopeName(serviceKeys)}`, points, zone };
  }

  /** The last `days` local days (today included) of each service (all with null), oldest first. */
  async dailyStatus(serviceKeys: string[] | null, days: number, zone: string): Promise<Map<string, DayStatus[]>> {
    const r = this.store.read;
    const now = this.now();
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    const from = today.minus({ days: days - 1 }).toJSDate();
    const to = today.plus({ days: 1 }).toJSDate();
    let services = await r.services.list();
    if (serviceKeys) services = services.filter((s) => serviceKeys.includes(s.key));
    const keys = services.map((s) => s.key);
    const [spans, maintenance] = await Promise.all([r.reports.impactSpans(keys, from, to), r.maintenance.overlapping(keys, from, to)]);
    const out = new Map<string, DayStatus[]>();
    for (const s of services) {
      const mySpans = spans.filter((x) => x.serviceKey === s.key);
      const myMaint = maintenance.filter((m) => m.serviceKey === s.key);
      const h = historyOf(s, mySpans, myMaint);
      const all = new DowntimeProfile(h.intervals, h.maintenance);
      // Outage and degraded apart, each at weight 1, so a degraded weight of 0 still shows as degraded.
      const only = (impact: string) => new DowntimeProfile(mySpans.filter((x) => x.impact === impact).map((x) => ({ start: x.start, end: x.end, weight: 1 })), h.maintenance);
      const outage = only('outage');
      const degraded = only('degraded');
      out.set(
        s.key,
        buckets(from, to, 'day', zone).map((b) => {
          const day = DateTime.fromJSDate(b.from, { zone }).toISODate()!;
          if (b.from >= now) return { day, from: b.from, availability: null, status: 'no-data' as const };
          const end = b.to < now ? b.to : now;
          const availability = measuredAvailability(all, b.from, b.to, now);
          const status: DayStatus['status'] =
            outage.downtime(b.from, end, now) > 0
              ? 'outage'
              : degraded.downtime(b.from, end, now) > 0
                ? 'degraded'
                : all.maintenance(b.from, end) > 0
                  ? 'maintenance'
                  : 'operational';
          return { day, from: b.from, availability, status };
        }),
      );
    }
    return out;
  }

  /**
   * The charts `report … --chart` shows for `period` (docs/semantics.md §9): for one service its budget
   * burn-down, availability per day (per week for a quarter), attainment and MTTA/MTTR per week; for all
   * services the budgets of those with the least left, attainment and MTTA/MTTR per week.
   */
  async forReport(serviceKey: string | null, period: string, zone: string): Promise<Chart[]> {
    const now = this.now();
    const window = parseReportPeriod(period);
    const { from } = windowRange(window, now, zone);
    const to = new Date(now.getTime() + 1000);
    const keys = serviceKey ? [serviceKey] : null;
    const charts: Chart[] = [];
    if (serviceKey) {
      const budget = await this.budget(serviceKey);
      if (budget) charts.push(budget);
      charts.push(await this.availability(serviceKey, from, to, period === 'quarter' ? 'week' : 'day', zone));
    } else charts.push(...(await this.worstBudgets(null)));
    charts.push(await this.attainment(keys, from, to, zone), await this.response(keys, from, to, zone));
    return charts;
  }

  private now(): Date {
    return floorToSecond(this.time.now());
  }

  private async serviceOf(r: Repositories, key: string): Promise<Service> {
    const service = await r.services.get(key);
    if (!service) throw new NotFoundError(`There is no service "${key}". \`service list\` shows the services.`);
    return service;
  }

  /** The service's downtime over `[from, to)`, maintenance declared in it included. */
  private async profileOf(r: Repositories, service: Service, from: Date, to: Date): Promise<DowntimeProfile> {
    const [spans, maintenance] = await Promise.all([r.reports.impactSpans([service.key], from, to), r.maintenance.overlapping([service.key], from, to)]);
    const h = historyOf(service, spans, maintenance);
    return new DowntimeProfile(h.intervals, h.maintenance);
  }

  private async budgetOf(r: Repositories, service: Service, now: Date): Promise<BudgetChart | null> {
    if (!service.objective) return null;
    const zone = service.calendar ? (await calendarCache(r.calendars)(service.calendar)).timezone : this.timezone;
    // The window `status` shows, the whole of a calendar month included (the one denominator, §3).
    const w = objectiveWindow(parseSloWindow(service.objective.window), now, zone);
    const [spans, maintenance] = await Promise.all([r.reports.impactSpans([service.key], w.from, now), r.maintenance.overlapping([service.key], w.from, w.to)]);
    const h = historyOf(service, spans, maintenance);
    const profile = new DowntimeProfile(h.intervals, h.maintenance);
    const measuredMs = Math.max(0, w.lengthMs - profile.maintenance(w.from, w.to));
    const budgetMs = allowedDowntime(service.objective.target, measuredMs);
    const end = Math.min(now.getTime(), w.to.getTime());
    const step = Math.max(1000, Math.ceil((end - w.from.getTime()) / BUDGET_POINTS / 1000) * 1000);
    // The grid, plus where downtime starts and stops (so a drop shows where it happened, not smeared over
    // a step), as long as that stays a few hundred points.
    const instants = new Set<number>();
    for (let t = w.from.getTime(); t < end; t += step) instants.add(t);
    instants.add(end);
    const knots = spans.flatMap((x) => [x.start.getTime(), x.end?.getTime() ?? end]).filter((t) => t > w.from.getTime() && t < end);
    if (knots.length <= MAX_KNOTS) for (const t of knots) instants.add(t);
    const points: BudgetChart['points'] = [...instants]
      .sort((a, b) => a - b)
      .map((t) => {
        const at = new Date(t);
        const spent = profile.downtime(w.from, w.to, at);
        return { at, left: budgetMs > 0 ? 1 - spent / budgetMs : spent > 0 ? -1 : 1 };
      });
    const seen = new Set<number>();
    const incidents: BudgetChart['incidents'] = [];
    for (const s of [...spans].sort((a, b) => a.start.getTime() - b.start.getTime())) {
      if (seen.has(s.incidentNumber) || s.impact === 'none') continue;
      // Only incidents whose impact took budget: some of it outside maintenance, inside the window.
      const one = new DowntimeProfile(historyOf(service, [s], maintenance).intervals, h.maintenance);
      if (one.downtime(w.from, w.to, now) <= 0) continue;
      seen.add(s.incidentNumber);
      incidents.push({ at: s.start < w.from ? w.from : s.start, label: formatIncidentRef(s.incidentNumber) });
    }
    return { kind: 'budget', title: `Error budget of ${service.name} · ${service.objective.window}`, target: service.objective.target, from: w.from, to: w.to, points, incidents, zone };
  }

  private async incidentsWithClocks(serviceKeys: string[] | null, from: Date, to: Date): Promise<{ incidents: Incident[]; live: Map<number, LiveClock[]> }> {
    const r = this.store.read;
    const now = this.now();
    const incidents = (await r.reports.inPeriod(serviceKeys, from, to)).filter((i) => i.openedAt >= from && i.openedAt < to);
    const clocks = await r.clocks.forIncidents(incidents.map((i) => i.number));
    const calendar = calendarCache(r.calendars);
    const live = new Map<number, LiveClock[]>();
    for (const c of clocks) {
      const l = liveClock(c, await calendar(c.calendar), to < now ? to : now);
      live.set(c.incidentNumber, [...(live.get(c.incidentNumber) ?? []), l]);
    }
    return { incidents, live };
  }
}

/** Local days or Monday-started weeks covering `[from, to)` in `zone`; the first and last may be partial. */
function buckets(from: Date, to: Date, size: 'day' | 'week', zone: string): Array<{ from: Date; to: Date }> {
  const out: Array<{ from: Date; to: Date }> = [];
  let start = DateTime.fromJSDate(from, { zone }).startOf(size === 'day' ? 'day' : 'week');
  while (start.toMillis() < to.getTime()) {
    const next = start.plus(size === 'day' ? { days: 1 } : { weeks: 1 });
    out.push({ from: new Date(Math.max(start.toMillis(), from.getTime())), to: new Date(Math.min(next.toMillis(), to.getTime())) });
    start = next;
  }
  return out;
}

/** `1 − downtime / measured` over `[from, to)` up to now; null when nothing of it was measured yet. */
function measuredAvailability(profile: DowntimeProfile, from: Date, to: Date, now: Date): number | null {
  const end = to < now ? to : now;
  if (end <= from) return null;
  const measured = end.getTime() - from.getTime() - profile.maintenance(from, end);
  if (measured <= 0) return null;
  return Math.min(1, Math.max(0, 1 - profile.downtime(from, end, now) / measured));
}

/** Of the clocks of one kind that are decided (met, or breached), the fraction met; null when none is. */
function metFraction(clocks: readonly LiveClock[], kind: LiveClock['kind']): number | null {
  const decided = clocks.filter((c) => c.kind === kind && (c.state === 'met' || c.state === 'breached'));
  return decided.length ? decided.filter((c) => c.state === 'met').length / decided.length : null;
}

function scopeName(keys: string[] | null): string {
  return keys ? keys.join(', ') : 'all services';
}
