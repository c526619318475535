/**
 * Read-only views: where services stand (status), open incidents, and reports over a period. Built for
 * the real case — a thousand services, thousands of open incidents — with a fixed number of queries
 * per view (never one per service or per incident) and no full-table loads.
 */
import type { TimeSource } from '../time-source.ts';
import type { Incident } from '../domain/incident.ts';
import type { Service } from '../domain/service.ts';
import { NotFoundError } from '../errors.ts';
import type { Report, ServiceReport } from '../model/report.ts';
import type { Health, OpenIncident, ServiceObjectiveStatus, ServiceStatus, StatusOverview } from '../model/status.ts';
import type { ImpactSpan, OpenSummary, Repositories, Store } from '../ports/store.ts';
import { liveClock, type LiveClock } from '../sla/stored.ts';
import type { NearestDue, StoredClock } from '../sla/types.ts';
import { sloStatus, type SloStatus } from '../slo/availability.ts';
import { BURN_RATE_RULES, evaluateBurnRate, type BurnRateSeverity } from '../slo/burn-rate.ts';
import { impactWeight, type ImpactInterval, type TimeRange } from '../slo/downtime.ts';
import { incidentStats, type IncidentStats } from '../slo/incident-stats.ts';
import { objectiveWindow, parseReportPeriod, parseSloWindow, windowRange, type CalendarPeriod, type ObjectiveWindow } from '../slo/window.ts';
import { floorToSecond } from '../time.ts';
import { calendarCache } from './calendars.ts';
import { SingleFlight } from './single-flight.ts';

/** The span a report's availability is taken over; `period` for a calendar period. */
export type AvailabilityWindow = Pick<ObjectiveWindow, 'from' | 'lengthMs' | 'period'>;

const HEALTH_ORDER: Record<Health, number> = { breached: 0, at_risk: 1, healthy: 2 };
const LONGEST_LOOKBACK_MS = Math.max(...BURN_RATE_RULES.map((r) => r.longWindowMs));
/** Budget below this fraction left puts a service at risk. */
const LOW_BUDGET = 0.25;

export class QueryUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    /** Deployment zone: calendar windows (`month`) of services without a calendar are cut in it. */
    private readonly timezone: string,
  ) {}

  private readonly overviews = new SingleFlight<StatusOverview>();

  /** Every service, worst first. Concurrent calls share one computation (see SingleFlight). */
  overview(): Promise<StatusOverview> {
    return this.overviews.run(() => this.computeOverview(), this.store.commits);
  }

  private async computeOverview(): Promise<StatusOverview> {
    const r = this.store.read;
    const now = this.now();
    // Both are needed and independent: fetch them together.
    const [services, summaries] = await Promise.all([r.services.list(), r.reports.openSummary(now)]);
    const statuses = await this.statuses(r, services, now, summaries);
    const counts: Record<Health, number> = { breached: 0, at_risk: 0, healthy: 0 };
    for (const s of statuses) counts[s.health]++;
    return { now, services: statuses, counts };
  }

  async service(key: string): Promise<ServiceStatus> {
    const r = this.store.read;
    const service = await r.services.get(key);
    if (!service) throw new NotFoundError(`There is no service "${key}". \`service list\` shows the services.`);
    const [status] = await this.statuses(r, [service], this.now(), null);
    return status!;
  }

  /** Open incidents (newest first) with live clocks; with `all`, the most recent incidents of any status. */
  async incidents(serviceKey: string | null, all: boolean, limit = 50): Promise<{ now: Date; incidents: OpenIncident[]; more: boolean }> {
    const r = this.store.read;
    const now = this.now();
    if (serviceKey && !(await r.services.get(serviceKey))) throw new NotFoundError(`There is no service "${serviceKey}".`);
    const rows = await r.incidents.list({ ...(serviceKey ? { serviceKeys: [serviceKey] } : {}), openOnly: !all, limit: limit + 1 });
    const shown = rows.slice(0, limit);
    return { now, incidents: await this.withClocks(r, shown, now), more: rows.length > limit };
  }

  async report(serviceKey: string | null, period: string, timezone: string = this.timezone): Promise<Report> {
    const now = this.now();
    const window = parseReportPeriod(period);
    const { from, to } = windowRange(window, now, timezone);
    if (serviceKey && !(await this.store.read.services.get(serviceKey))) throw new NotFoundError(`There is no service "${serviceKey}".`);
    // Instants are kept to the second: a period ending now includes this second, so an incident opened a
    // moment ago is in the report.
    const end = to.getTime() >= now.getTime() ? new Date(now.getTime() + 1000) : to;
    // Incidents are counted up to now, but availability is over the whole window (docs/semantics.md §3,
    // one denominator): for `month` the whole month, the same figure `status` shows for a month window.
    return this.reportRange(serviceKey ? [serviceKey] : null, from, end, period, objectiveWindow(window, now, timezone));
  }

  /** Open incidents of some services (all with null) with live clocks, most urgent first. */
  async openIncidents(serviceKeys: string[] | null, limit = 200): Promise<OpenIncident[]> {
    const r = this.store.read;
    const rows = await r.incidents.list({ ...(serviceKeys ? { serviceKeys } : {}), openOnly: true, limit });
    const open = await this.withClocks(r, rows, this.now());
    const due = (o: OpenIncident) => Math.min(...o.clocks.filter((c) => c.state !== 'met' && c.dueAt).map((c) => c.dueAt!.getTime()), Infinity);
    return open.sort((a, b) => due(a) - due(b) || a.incident.number - b.incident.number);
  }

  /**
   * Breaches, MTTA and MTTR of incidents opened in `[from, to)`, and attainment over `availability`
   * (default: `[from, to)` itself, for a past period), for some services (all with null).
   */
  async reportRange(serviceKeys: string[] | null, from: Date, to: Date, period: string, availability?: AvailabilityWindow): Promise<Report> {
    const r = this.store.read;
    const now = this.now();
    const win: AvailabilityWindow = availability ?? { from, lengthMs: to.getTime() - from.getTime(), period: null };
    const winEnd = new Date(win.from.getTime() + win.lengthMs);
    let services = await r.services.list();
    if (serviceKeys) services = services.filter((s) => serviceKeys.includes(s.key));
    const keys = serviceKeys;
    const [incidents, spans, maintenance] = await Promise.all([
      r.reports.inPeriod(keys, from, to),
      r.reports.impactSpans(keys, win.from, winEnd),
      // All maintenance declared in the window, later this month included: it comes off the denominator.
      r.maintenance.overlapping(keys, win.from, winEnd),
    ]);
    const clocks = await r.clocks.forIncidents(incidents.map((i) => i.number));
    const calendar = calendarCache(r.calendars);
    const live = new Map<number, LiveClock[]>();
    for (const c of clocks) {
      const l = liveClock(c, await calendar(c.calendar), to < now ? to : now);
      live.set(c.incidentNumber, [...(live.get(c.incidentNumber) ?? []), l]);
    }
    const figures = (list: Incident[]) =>
      list.map((i) => {
        const cs = live.get(i.number) ?? [];
        const ack = cs.find((c) => c.kind === 'ack');
        const res = cs.find((c) => c.kind === 'resolve');
        return {
          openedAt: i.openedAt,
          acknowledgedAt: i.acknowledgedAt,
          resolvedAt: i.resolvedAt,
          ackBusinessMs: ack && !ack.running ? ack.elapsedMs : null,
          resolveBusinessMs: res && i.resolvedAt ? res.elapsedMs : null,
          breached: cs.some((c) => c.state === 'breached'),
        };
      });
    const breachedClocks = (list: Incident[]) => list.reduce((n, i) => n + (live.get(i.number) ?? []).filter((c) => c.state === 'breached').length, 0);
    const range: TimeRange = { start: from, end: to };
    const reports = services.map((service): ServiceReport => {
      const mine = incidents.filter((i) => i.serviceKey === service.key);
      let availability: number | null = null;
      let met: boolean | null = null;
      if (service.objective && win.lengthMs > 0) {
        const st = sloStatus({
          target: service.objective.target,
          windowFrom: win.from,
          windowLengthMs: win.lengthMs,
          intervals: intervalsOf(spans.filter((s) => s.serviceKey === service.key), service),
          maintenance: rangesOf(maintenance.filter((m) => m.serviceKey === service.key)),
          now,
        });
        availability = st.availability;
        // The same answer as `availability >= target`, by construction (see sloStatus).
        met = st.remainingMs >= 0;
      }
      return {
        service,
        availability,
        target: service.objective?.target ?? null,
        met,
        stats: incidentStats(figures(mine), range),
        breachedClocks: breachedClocks(mine),
      };
    });
    return { from, to, period, calendar: win.period, services: reports, overall: { ...incidentStats(figures(incidents), range), breachedClocks: breachedClocks(incidents) } };
  }

  private now(): Date {
    return floorToSecond(this.time.now());
  }

  private async withClocks(r: Repositories, incidents: Incident[], now: Date): Promise<OpenIncident[]> {
    const clocks = await r.clocks.forIncidents(incidents.map((i) => i.number));
    const calendar = calendarCache(r.calendars);
    const byIncident = new Map<number, StoredClock[]>();
    for (const c of clocks) byIncident.set(c.incidentNumber, [...(byIncident.get(c.incidentNumber) ?? []), c]);
    const out: OpenIncident[] = [];
    for (const incident of incidents) {
      const live: LiveClock[] = [];
      for (const c of byIncident.get(incident.number) ?? []) live.push(liveClock(c, await calendar(c.calendar), now));
      out.push({ incident, clocks: live });
    }
    return out;
  }

  /** With `summaries` (the overview), open incidents come aggregated; without, in full for the one service. */
  private async statuses(r: Repositories, services: Service[], now: Date, summaries: OpenSummary[] | null): Promise<ServiceStatus[]> {
    if (services.length === 0) return [];
    const single = summaries ? null : services[0]!.key;
    const calendar = calendarCache(r.calendars);

    // Open incidents: in full for one service; for many, aggregated in the database plus the one
    // nearest clock of each service.
    const openBy = new Map<string, { open: OpenIncident[]; count: number; breached: number; nearest: ServiceStatus['nearest'] }>();
    if (single) {
      const open = await this.withClocks(r, await r.incidents.list({ serviceKeys: [single], openOnly: true }), now);
      openBy.set(single, { open, count: open.length, breached: open.filter((o) => o.clocks.some((c) => c.state === 'breached')).length, nearest: nearestOf(open) });
    } else {
      for (const x of summaries ?? []) openBy.set(x.serviceKey, { open: [], count: x.open, breached: x.breached, nearest: x.nearest });
    }

    // One span query over the widest window any service needs.
    const windows = new Map<string, ObjectiveWindow>();
    // A thousand services share a handful of (window, zone) pairs; zone math is the costly part.
    const byWindow = new Map<string, ObjectiveWindow>();
    let earliest = now;
    for (const s of services) {
      if (!s.objective) continue;
      const zone = s.calendar ? (await calendar(s.calendar)).timezone : this.timezone;
      const k = `${s.objective.window}@${zone}`;
      let win = byWindow.get(k);
      if (!win) {
        // The whole window, a calendar month included: the one denominator (docs/semantics.md §3).
        win = objectiveWindow(parseSloWindow(s.objective.window), now, zone);
        byWindow.set(k, win);
      }
      windows.set(s.key, win);
      if (win.from < earliest) earliest = win.from;
    }
    const keys = single ? [single] : null;
    const [spans, maintenance] = windows.size
      ? await Promise.all([r.reports.impactSpans(keys, earliest, now), r.maintenance.overlapping(keys, earliest, new Date(now.getTime() + 400 * 86_400_000))])
      : [[], []];
    const spansBy = groupBy(spans, (s) => s.serviceKey);
    const maintBy = groupBy(maintenance, (m) => m.serviceKey);

    const out = services.map((service): ServiceStatus => {
      const o = openBy.get(service.key) ?? { open: [], count: 0, breached: 0, nearest: null };
      const w = windows.get(service.key);
      let objective: ServiceObjectiveStatus | null = null;
      if (service.objective && w) {
        const intervals = intervalsOf(spansBy.get(service.key) ?? [], service);
        const maint = rangesOf(maintBy.get(service.key) ?? []);
        const st = sloStatus({ target: service.objective.target, windowFrom: w.from, windowLengthMs: w.lengthMs, intervals, maintenance: maint, now });
        // No downtime within the longest burn-rate lookback: every rate is zero, nothing to evaluate; and a
        // window that is all maintenance has no budget to burn.
        const recent = intervals.some((i) => i.end === null || i.end.getTime() > now.getTime() - LONGEST_LOOKBACK_MS);
        // Thresholds scale with the length the budget is taken over, so "2 % of the budget in an hour"
        // means 2 % of the budget shown beside it.
        const burn = recent && st.measuredMs > 0 ? evaluateBurnRate({ target: service.objective.target, windowLengthMs: st.measuredMs, intervals, maintenance: maint, now }).severity : null;
        objective = { ...st, target: service.objective.target, window: service.objective.window, burn, period: w.period };
      }
      return { service, ...assess(o.count, o.breached, objective), nearest: o.nearest, objective, open: o.open, openCount: o.count };
    });
    return out.sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || budgetLeft(a) - budgetLeft(b) || a.service.key.localeCompare(b.service.key));
  }
}

/** The unmet clock due first (a breached one was due in the past, so it comes first). */
function nearestOf(open: OpenIncident[]): NearestDue | null {
  let nearest: NearestDue | null = null;
  for (const o of open) {
    for (const c of o.clocks) {
      if (c.state !== 'met' && c.dueAt && (!nearest || c.dueAt < nearest.dueAt)) nearest = { incident: o.incident.number, kind: c.kind, dueAt: c.dueAt, breached: c.state === 'breached' };
    }
  }
  return nearest;
}

function assess(openCount: number, breachedIncidents: number, objective: ServiceObjectiveStatus | null): Pick<ServiceStatus, 'health' | 'reasons'> {
  const reasons: string[] = [];
  if (breachedIncidents) reasons.push(`${breachedIncidents} incident${breachedIncidents > 1 ? 's' : ''} past SLA`);
  if (objective && objective.remainingMs < 0) reasons.push('error budget exhausted');
  if (objective?.burn === 'page') reasons.push('burning error budget fast');
  const breached = reasons.length > 0;
  if (!breached) {
    if (openCount) reasons.push(`${openCount} open incident${openCount > 1 ? 's' : ''}`);
    if (objective && objective.remainingFraction < LOW_BUDGET) reasons.push(`${Math.max(0, Math.floor(objective.remainingFraction * 100))}% of error budget left`);
    if (objective?.burn === 'ticket') reasons.push('error budget burning');
  }
  return { health: breached ? 'breached' : reasons.length ? 'at_risk' : 'healthy', reasons };
}

function budgetLeft(s: ServiceStatus): number {
  return s.objective ? s.objective.remainingFraction : 1;
}

/** Impact spans of one service (callers pass only that service's) as weighted intervals. */
function intervalsOf(spans: ImpactSpan[], service: Service): ImpactInterval[] {
  return spans.map((s) => ({ start: s.start, end: s.end, weight: impactWeight(s.impact, service.degradedWeight) }));
}

function rangesOf(windows: Array<{ start: Date; end: Date }>): TimeRange[] {
  return windows.map((m) => ({ start: m.start, end: m.end }));
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
