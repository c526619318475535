/**
 * Read-only views: where services stand (status), open incidents, and reports over a period. Built for
 * the real case — a thousand services, thousands of open incidents — with a fixed number of queries
 * per view (never one per service or per incident) and no full-table loads.
 */
import type { TimeSource } from '../time-source.ts';
import type { Incident } from '../domain/incident.ts';
import type { Service } from '../domain/service.ts';
import { NotFoundError } from '../errors.ts';
import type { Agreement } from '../model/agreement.ts';
import type { Report, ServiceReport } from '../model/report.ts';
import type { ReportRow, ReportTable } from '../model/report-rows.ts';
import type { OpenIncident, ServiceObjectiveStatus, ServiceStatus, StatusOverview } from '../model/status.ts';
import type { Repositories, Store } from '../ports/store.ts';
import { liveClock, type LiveClock } from '../sla/stored.ts';
import type { NearestDue, StoredClock } from '../sla/types.ts';
import { availability as availabilityOf, sloStatus } from '../slo/availability.ts';
import { creditTier, type CreditFigures } from '../slo/credits.ts';
import { maintenanceTime, measureOf, sweepMeasure, type TimeRange } from '../slo/downtime.ts';
import { attributeDowntime } from '../slo/downtime-attribution.ts';
import { incidentStats } from '../slo/incident-stats.ts';
import { objectiveWindow, parseReportPeriod, parseSloWindow, windowRange, type ObjectiveWindow } from '../slo/window.ts';
import { floorToSecond } from '../time.ts';
import { gatherAgreement } from './agreement.ts';
import { calendarCache } from './calendars.ts';
import { assess, historyFrom, historyOf, MAINTENANCE_AHEAD_MS, objectiveStanding } from './service-standing.ts';
import { SingleFlight } from './single-flight.ts';
import { StatusCache } from './status-cache.ts';

/** The span a report's availability is taken over; `period` for a calendar period. */
export type AvailabilityWindow = Pick<ObjectiveWindow, 'from' | 'lengthMs' | 'period'>;


export class QueryUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    /** Deployment zone: calendar windows (`month`) of services without a calendar are cut in it. */
    private readonly timezone: string,
  ) {
    this.kept = new StatusCache(timezone);
  }

  private readonly overviews = new SingleFlight<StatusOverview>();
  private readonly kept: StatusCache;

  /**
   * Every service, worst first, from the kept overview (status-cache.ts): one small query when nothing
   * changed. Concurrent calls share one computation (see SingleFlight).
   */
  overview(): Promise<StatusOverview> {
    return this.overviews.run(() => this.kept.overview(this.store.read, this.now()), this.store.commits);
  }

  /** Services the last overview recomputed (the rest were reused), for tests and benchmarks. */
  get lastRecomputed(): number {
    return this.kept.lastRecomputed;
  }

  async service(key: string): Promise<ServiceStatus> {
    const r = this.store.read;
    const service = await r.services.get(key);
    if (!service) throw new NotFoundError(`There is no service "${key}". \`service list\` shows the services.`);
    return this.serviceStatus(r, service, this.now());
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
    return (await this.currentReport(serviceKey, period, timezone, false)).report;
  }

  /**
   * The report and its raw rows (docs/semantics.md §10), from the same reads: the rows reproduce the
   * figures. The same fixed number of queries as the report, whatever the number of incidents.
   */
  reportTable(serviceKey: string | null, period: string, timezone: string = this.timezone): Promise<ReportTable> {
    return this.currentReport(serviceKey, period, timezone, true);
  }

  private async currentReport(serviceKey: string | null, period: string, timezone: string, withRows: boolean): Promise<ReportTable> {
    const now = this.now();
    const window = parseReportPeriod(period);
    const { from, to } = windowRange(window, now, timezone);
    if (serviceKey && !(await this.store.read.services.get(serviceKey))) throw new NotFoundError(`There is no service "${serviceKey}".`);
    // Instants are kept to the second: a period ending now includes this second, so an incident opened a
    // moment ago is in the report.
    const end = to.getTime() >= now.getTime() ? new Date(now.getTime() + 1000) : to;
    // Incidents are counted up to now, but availability is over the whole window (docs/semantics.md §3,
    // one denominator): for `month` the whole month, the same figure `status` shows for a month window.
    return this.reportData(serviceKey ? [serviceKey] : null, from, end, period, objectiveWindow(window, now, timezone), withRows);
  }

  /** What service `key`'s agreement says, for `sla document` (docs/semantics.md §8). */
  agreement(key: string): Promise<Agreement> {
    return gatherAgreement(this.store.read, key, this.now(), this.timezone);
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
    return (await this.reportData(serviceKeys, from, to, period, availability, false)).report;
  }

  /** {@link reportRange}, and with `withRows` the rows behind it (docs/semantics.md §10). */
  private async reportData(serviceKeys: string[] | null, from: Date, to: Date, period: string, availability: AvailabilityWindow | undefined, withRows: boolean): Promise<ReportTable> {
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
    // The rows also list earlier incidents whose impact reaches into the window: read in one batch.
    const known = new Set(incidents.map((i) => i.number));
    const listed = new Set(services.map((s) => s.key));
    const earlierNumbers = withRows ? [...new Set(spans.filter((s) => listed.has(s.serviceKey)).map((s) => s.incidentNumber))].filter((n) => !known.has(n)) : [];
    const [clocks, earlier] = await Promise.all([
      r.clocks.forIncidents([...known, ...earlierNumbers]),
      earlierNumbers.length ? r.incidents.getManyWithEvents(earlierNumbers) : new Map<number, { incident: Incident }>(),
    ]);
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
    // Per service, for the rows: what each incident contributes to the downtime, and the denominator.
    const shares = new Map<number, number>();
    const measuredOf = new Map<string, number>();
    const reports = services.map((service): ServiceReport => {
      const mine = incidents.filter((i) => i.serviceKey === service.key);
      let availability: number | null = null;
      let met: boolean | null = null;
      let measured: CreditFigures | null = null;
      const ownSpans = spans.filter((s) => s.serviceKey === service.key);
      const history = () =>
        historyOf(
          service,
          ownSpans,
          maintenance.filter((m) => m.serviceKey === service.key),
        );
      if (service.objective && win.lengthMs > 0) {
        const st = sloStatus({ target: service.objective.target, windowFrom: win.from, windowLengthMs: win.lengthMs, ...history(), now });
        availability = st.availability;
        // The same answer as `availability >= target`, by construction (see sloStatus).
        met = st.remainingMs >= 0;
        measured = st;
      } else if (service.credits?.length && win.lengthMs > 0) {
        // Credits without an objective: the same figures sloStatus takes availability from.
        const measure = measureOf(history());
        const downtimeMs = measure.downtime(win.from, winEnd, now);
        const measuredMs = Math.max(0, win.lengthMs - measure.maintenance(win.from, winEnd));
        availability = availabilityOf({ windowMs: measuredMs, maintenanceMs: 0, downtimeMs });
        measured = { downtimeMs, measuredMs };
      }
      if (withRows) {
        // The same intervals, window and `now` as the figures above, each moment given to one incident.
        const h = history();
        const owned = h.intervals.map((iv, k) => ({ ...iv, owner: ownSpans[k]!.incidentNumber }));
        for (const [n, d] of attributeDowntime(owned, h.maintenance, win.from, winEnd, now)) shares.set(n, d.downtimeMs);
        measuredOf.set(service.key, Math.max(0, win.lengthMs - maintenanceTime(h.maintenance, win.from, winEnd)));
      }
      // The credit tier from the very figures the availability shown is computed from (docs/semantics.md §8).
      const credit = service.credits?.length && measured ? { tier: creditTier(measured, service.credits), tiers: service.credits } : null;
      return {
        service,
        availability,
        target: service.objective?.target ?? null,
        met,
        stats: incidentStats(figures(mine), range),
        breachedClocks: breachedClocks(mine),
        credit,
      };
    });
    const report: Report = { from, to, period, calendar: win.period, services: reports, overall: { ...incidentStats(figures(incidents), range), breachedClocks: breachedClocks(incidents) } };
    if (!withRows) return { report, rows: [] };
    const before = [...incidents.filter((i) => i.openedAt < from), ...[...earlier.values()].map((e) => e.incident)];
    return { report, rows: tableRows({ from, to, opened: incidents.filter((i) => i.openedAt >= from && i.openedAt < to), before, live, shares, measured: measuredOf }) };
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

  /** The straightforward computation for one service: its open incidents in full, its history swept. */
  private async serviceStatus(r: Repositories, service: Service, now: Date): Promise<ServiceStatus> {
    const calendar = calendarCache(r.calendars);
    const open = await this.withClocks(r, await r.incidents.list({ serviceKeys: [service.key], openOnly: true }), now);
    const brief = { count: open.length, breached: open.filter((o) => o.clocks.some((c) => c.state === 'breached')).length, nearest: nearestOf(open) };
    let objective: ServiceObjectiveStatus | null = null;
    if (service.objective) {
      const zone = service.calendar ? (await calendar(service.calendar)).timezone : this.timezone;
      // The whole window, a calendar month included: the one denominator (docs/semantics.md §3).
      const w = objectiveWindow(parseSloWindow(service.objective.window), now, zone);
      const from = new Date(historyFrom(w, now));
      const [spans, maintenance] = await Promise.all([
        r.reports.impactSpans([service.key], from, now),
        r.maintenance.overlapping([service.key], from, new Date(now.getTime() + MAINTENANCE_AHEAD_MS)),
      ]);
      const h = historyOf(service, spans, maintenance);
      const measure = sweepMeasure(h.intervals, h.maintenance);
      objective = objectiveStanding({ ...service, objective: service.objective }, w, measure, now);
    }
    return { service, ...assess(brief, objective), nearest: brief.nearest, objective, open, openCount: open.length };
  }
}

/**
 * A report table's rows (docs/semantics.md §10): the incidents opened in `[from, to)`, then those opened
 * before that count downtime in the availability window (`shares`: weighted ms per incident, for the
 * services the report lists; `measured`: their denominators), by service key, then number.
 */
function tableRows(t: { from: Date; to: Date; opened: Incident[]; before: Incident[]; live: Map<number, LiveClock[]>; shares: Map<number, number>; measured: Map<string, number> }): ReportRow[] {
  const byTo = (d: Date | null) => (d && d <= t.to ? d : null);
  const clockOf = (cs: LiveClock[], kind: LiveClock['kind']) => {
    const c = cs.find((x) => x.kind === kind);
    return c ? { elapsedMs: c.elapsedMs, targetMs: c.targetMs, state: c.state } : null;
  };
  const counted = t.before.filter((i) => (t.shares.get(i.number) ?? 0) > 0);
  const rows = [...t.opened.map((i) => [i, true] as const), ...counted.map((i) => [i, false] as const)].map(([incident, inPeriod]): ReportRow => {
    const cs = t.live.get(incident.number) ?? [];
    const measuredMs = t.measured.get(incident.serviceKey) ?? null;
    return {
      incident,
      inPeriod,
      acknowledgedAt: byTo(incident.acknowledgedAt),
      resolvedAt: byTo(incident.resolvedAt),
      ack: clockOf(cs, 'ack'),
      resolve: clockOf(cs, 'resolve'),
      breached: cs.some((c) => c.state === 'breached'),
      // A service the report does not list (removed since) has no availability to contribute to.
      downtimeMs: measuredMs === null ? null : (t.shares.get(incident.number) ?? 0),
      measuredMs,
    };
  });
  return rows.sort((a, b) => (a.incident.serviceKey < b.incident.serviceKey ? -1 : a.incident.serviceKey > b.incident.serviceKey ? 1 : a.incident.number - b.incident.number));
}

/** The unmet clock due first (a breached one was due in the past, so it comes first). */
function nearestOf(open: OpenIncident[]): NearestDue | null {
  let nearest: NearestDue | null = null;
  for (const o of open) {
    for (const c of o.clocks) {
      if (c.state === 'met' || !c.dueAt) continue;
      // Ties go to the older incident, then to its acknowledge clock, as in the overview (service-standing.ts).
      const d = nearest ? c.dueAt.getTime() - nearest.dueAt.getTime() || o.incident.number - nearest.incident || (c.kind === 'ack' && nearest.kind !== 'ack' ? -1 : 1) : -1;
      if (d < 0) nearest = { incident: o.incident.number, kind: c.kind, dueAt: c.dueAt, breached: c.state === 'breached' };
    }
  }
  return nearest;
}
