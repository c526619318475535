/**
 * `status` over the whole estate, kept up to date instead of recomputed (docs/architecture.md, "Status
 * at scale").
 *
 * Each service's inputs — the service, its window's zone, its downtime history prepared as a
 * DowntimeProfile, its open incidents in brief — are held in memory with the figures last computed from
 * them. A request asks the database one question, "which services changed since version v?" (the stamp
 * the triggers of migration 0002 keep, so every replica sees every commit, its own or another's), re-reads
 * only those, and recomputes only the services whose figures can have moved since they were computed:
 * those that changed, and those whose figures run with time (downtime or maintenance inside the window or
 * a burn-rate lookback, an incident's breach instant passing, a calendar day or period turning). A
 * service with nothing going on is not touched at all; one with recent downtime is re-measured in a few
 * binary searches.
 *
 * Figures are exactly those of the straightforward computation at the same instant (`status <service>`);
 * a property test holds the two side by side over random estates and timelines.
 */
import type { Service } from '../domain/service.ts';
import type { ServiceStatus, StatusOverview, Health } from '../model/status.ts';
import type { MaintenanceWindow } from '../domain/service.ts';
import type { ImpactSpan, Repositories, StatusStamp } from '../ports/store.ts';
import { DowntimeProfile } from '../slo/downtime-profile.ts';
import { localDayEnd, objectiveWindow, parseSloWindow, type ObjectiveWindow, type SloWindow } from '../slo/window.ts';
import { calendarCache } from './calendars.ts';
import { BURN_RATE_RULES } from '../slo/burn-rate.ts';
import { assess, historyFrom, historyOf, LONGEST_LOOKBACK_MS, MAINTENANCE_AHEAD_MS, objectiveStanding, OpenIncidents, worstFirst } from './service-standing.ts';

/**
 * Inputs are re-read at least this often even if nothing changed: maintenance is read only so far ahead,
 * and a bounded age keeps a cache honest whatever happens.
 */
const MAX_AGE_MS = 60 * 60 * 1000;
const SECOND = 1000;
const AGED_PER_REQUEST = 64;
const NO_OPEN = new OpenIncidents([]);
/** Every lookback a burn-rate rule measures. */
const BURN_LOOKBACKS_MS = [...new Set(BURN_RATE_RULES.flatMap((r) => [r.longWindowMs, r.shortWindowMs]))];

type Entry = {
  service: Service;
  zone: string;
  window: SloWindow | null;
  profile: DowntimeProfile | null;
  /** Open incidents, with the instants at which one of them passes a target. */
  open: OpenIncidents;
  readAt: number;
  /** The key's place among all keys in collation order, for ties. */
  rank: number;
  /** The figures last computed, good for every instant before `validUntil`. */
  computed: { validUntil: number; status: ServiceStatus } | null;
};

/** Service keys in the order `localeCompare` gives, by a collator made once (a fresh compare is slow). */
const byKey = new Intl.Collator();

export class StatusCache {
  private stamp: StatusStamp | null = null;
  /** The last overview: handed out again while nothing in it moved (views memoise on its identity). */
  private last: StatusOverview | null = null;
  private entries = new Map<string, Entry>();
  /** Services recomputed by the last {@link overview}, for tests and benchmarks that check the cost. */
  lastRecomputed = 0;

  /** @param timezone The deployment zone: calendar windows of services without a calendar are cut in it. */
  constructor(private readonly timezone: string) {}

  /** Refreshes run one at a time: each reads and rewrites the entries. */
  private tail: Promise<unknown> = Promise.resolve();

  /** Every service, worst first, at `now` (a whole second). */
  overview(r: Repositories, now: Date): Promise<StatusOverview> {
    const run = this.tail.then(() => this.refresh(r, now));
    this.tail = run.catch(() => {});
    return run;
  }

  private async refresh(r: Repositories, now: Date): Promise<StatusOverview> {
    const { stamp, changed } = await r.status.changes(this.stamp);
    const stale = changed === 'all' ? null : new Set(changed);
    if (stale) {
      // Aged inputs are re-read a batch at a time, so the hour an estate was read in does not come back
      // as one slow request.
      let aged = 0;
      for (const [key, e] of this.entries) {
        if (aged >= AGED_PER_REQUEST) break;
        if (e.readAt + MAX_AGE_MS <= now.getTime() && !stale.has(key)) {
          stale.add(key);
          aged++;
        }
      }
    }
    if (!stale) await this.readAll(r, now);
    else if (stale.size) await this.read(r, [...stale], now);
    this.stamp = stamp;
    const reread = !stale || stale.size > 0;

    if (reread) this.rankKeys();
    const windows = new Map<string, { window: ObjectiveWindow; dayEnds: number }>();
    let recomputed = 0;
    const ordered: Entry[] = [];
    for (const e of this.entries.values()) {
      if (!e.computed || e.computed.validUntil <= now.getTime()) {
        e.computed = this.compute(e, now, windows);
        recomputed++;
      }
      ordered.push(e);
    }
    this.lastRecomputed = recomputed;
    if (this.last && !reread && recomputed === 0) {
      // Nothing moved: the same figures in the same order, as of this second.
      if (this.last.now.getTime() !== now.getTime()) this.last = { ...this.last, now };
      return this.last;
    }
    // Ties in health and budget go by key, compared as numbers: each key's place in collation order.
    ordered.sort((a, b) => worstFirst(a.computed!.status, b.computed!.status) || a.rank - b.rank);
    const services = ordered.map((e) => e.computed!.status);
    const counts: Record<Health, number> = { breached: 0, at_risk: 0, healthy: 0 };
    for (const s of services) counts[s.health]++;
    this.last = { now, services, counts };
    return this.last;
  }

  /** Gives every entry its key's place in `localeCompare` order. */
  private rankKeys(): void {
    const keys = [...this.entries.keys()].sort(byKey.compare);
    keys.forEach((k, i) => (this.entries.get(k)!.rank = i));
  }

  private async readAll(r: Repositories, now: Date): Promise<void> {
    this.entries = new Map();
    await this.read(r, null, now);
  }

  /** Re-reads the inputs of `keys` (every service with null) in a fixed number of queries. */
  private async read(r: Repositories, keys: string[] | null, now: Date): Promise<void> {
    const services = keys ? await r.services.some(keys) : await r.services.list();
    if (keys) for (const k of keys) this.entries.delete(k);
    if (services.length === 0) return;
    const calendar = calendarCache(r.calendars);
    const fresh = new Map<string, Entry>();
    // Spans from the earliest instant any of these services' windows or burn-rate lookbacks reaches.
    // Windows only move forward, so what is read now covers every later request until a change.
    let earliest = now.getTime() - LONGEST_LOOKBACK_MS; // services without an objective read nothing more
    const windows = new Map<string, { window: ObjectiveWindow; dayEnds: number }>();
    for (const service of services) {
      const zone = service.calendar ? (await calendar(service.calendar)).timezone : this.timezone;
      const window = service.objective ? parseSloWindow(service.objective.window) : null;
      if (window) earliest = Math.min(earliest, historyFrom(windowAt(windows, service.objective!.window, window, zone, now).window, now));
      fresh.set(service.key, { service, zone, window, profile: null, open: NO_OPEN, readAt: now.getTime(), rank: 0, computed: null });
    }
    const only = keys ? services.map((s) => s.key) : null;
    const from = new Date(earliest);
    const [spans, maintenance, open] = await Promise.all([
      // Any start, a future one included: a span counts from its start, whenever that comes.
      r.reports.impactSpans(only, from, new Date(now.getTime() + MAINTENANCE_AHEAD_MS)),
      r.maintenance.overlapping(only, from, new Date(now.getTime() + MAINTENANCE_AHEAD_MS)),
      r.status.openDue(only),
    ]);
    const spansBy = groupBy(spans, (s) => s.serviceKey);
    const maintBy = groupBy(maintenance, (m) => m.serviceKey);
    const openBy = groupBy(open, (o) => o.serviceKey);
    for (const e of fresh.values()) {
      const mine = openBy.get(e.service.key);
      if (mine) e.open = new OpenIncidents(mine);
      if (e.window) e.profile = profileOf(e.service, spansBy.get(e.service.key) ?? [], maintBy.get(e.service.key) ?? []);
      this.entries.set(e.service.key, e);
    }
  }

  /** The service's figures at `now`, and until when they hold. */
  private compute(e: Entry, now: Date, windows: Map<string, { window: ObjectiveWindow; dayEnds: number }>): { validUntil: number; status: ServiceStatus } {
    const t = now.getTime();
    const open = e.open.at(now);
    // Passing a breach instant changes the counts and the health.
    let validUntil = Math.min(e.readAt + MAX_AGE_MS, e.open.nextBreachAfter(t));
    let objective: ServiceStatus['objective'] = null;
    if (e.window && e.profile && e.service.objective) {
      const w = windowAt(windows, e.service.objective.window, e.window, e.zone, now);
      objective = objectiveStanding({ ...e.service, objective: e.service.objective }, w.window, e.profile, now);
      // The figures hold while no end of a span they measure reaches downtime or maintenance: the span up
      // to now, each burn-rate lookback, and a rolling window's start (the denominator moves with it).
      const rolling = w.window.period === null;
      const downtimeSpans = rolling ? [w.window.lengthMs, ...BURN_LOOKBACKS_MS] : BURN_LOOKBACKS_MS;
      validUntil = Math.min(validUntil, e.profile.steadyUntil(t, [0, ...downtimeSpans], rolling ? [0, w.window.lengthMs] : []));
      // A calendar window: the period (its length, its label's day) turns at local midnight.
      if (w.window.period) validUntil = Math.min(validUntil, w.dayEnds);
    }
    // Figures are a function of `now`, a whole second: within one second there is nothing to redo.
    validUntil = Math.max(validUntil, t + SECOND);
    return { validUntil, status: { service: e.service, ...assess(open, objective), nearest: open.nearest, objective, open: [], openCount: open.count } };
  }
}

/** A thousand services share a handful of (window, zone) pairs: the zone math is done once per pair. */
function windowAt(windows: Map<string, { window: ObjectiveWindow; dayEnds: number }>, text: string, window: SloWindow, zone: string, now: Date): { window: ObjectiveWindow; dayEnds: number } {
  const k = `${text}@${zone}`;
  let w = windows.get(k);
  if (!w) {
    const ow = objectiveWindow(window, now, zone);
    const dayEnds = ow.period ? localDayEnd(now, zone).getTime() : Infinity;
    w = { window: ow, dayEnds };
    windows.set(k, w);
  }
  return w;
}

function profileOf(service: Service, spans: ImpactSpan[], maintenance: MaintenanceWindow[]): DowntimeProfile {
  const h = historyOf(service, spans, maintenance);
  return new DowntimeProfile(h.intervals, h.maintenance);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
