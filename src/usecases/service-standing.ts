/**
 * One service's standing at an instant, from what `status` reads of it: its objective's figures over the
 * window (docs/semantics.md §3), its open incidents in brief, and the health those give. The one place
 * this is decided, for the straightforward path (`status <service>`) and the kept overview alike
 * (status-cache.ts).
 */
import type { Service } from '../domain/service.ts';
import type { Health, ServiceObjectiveStatus, ServiceStatus } from '../model/status.ts';
import type { ImpactSpan, OpenDue } from '../ports/store.ts';
import type { NearestDue } from '../sla/types.ts';
import { sloStatus } from '../slo/availability.ts';
import { BURN_RATE_RULES, evaluateBurnRate } from '../slo/burn-rate.ts';
import { impactWeight, type DowntimeMeasure, type History, type ImpactInterval, type TimeRange } from '../slo/downtime.ts';
import type { ObjectiveWindow } from '../slo/window.ts';

/** The longest burn-rate lookback: downtime older than this cannot make a service burn. */
export const LONGEST_LOOKBACK_MS = Math.max(...BURN_RATE_RULES.map((r) => r.longWindowMs));
/** How far ahead declared maintenance is read: a calendar window counts all of it, later this quarter too. */
export const MAINTENANCE_AHEAD_MS = 400 * 86_400_000;

/** Where a service's history must be read from at `now`: its window's start or the longest lookback's. */
export function historyFrom(w: ObjectiveWindow, now: Date): number {
  return Math.min(w.from.getTime(), now.getTime() - LONGEST_LOOKBACK_MS);
}

/** A service's measure from its impact spans and maintenance windows, as the SLO functions take them. */
export function historyOf(service: Service, spans: readonly ImpactSpan[], maintenance: ReadonlyArray<{ start: Date; end: Date }>): History & { intervals: ImpactInterval[]; maintenance: TimeRange[] } {
  return {
    intervals: spans.map((s) => ({ start: s.start, end: s.end, weight: impactWeight(s.impact, service.degradedWeight) })),
    maintenance: maintenance.map((m) => ({ start: m.start, end: m.end })),
  };
}
/** Budget below this fraction left puts a service at risk. */
const LOW_BUDGET = 0.25;
const HEALTH_ORDER: Record<Health, number> = { breached: 0, at_risk: 1, healthy: 2 };

/** Open incidents of one service, in brief. */
export type OpenBrief = { count: number; breached: number; nearest: NearestDue | null };

/** The objective's figures at `now` over window `w`, from the service's downtime `measure`. */
export function objectiveStanding(service: Service & { objective: NonNullable<Service['objective']> }, w: ObjectiveWindow, measure: DowntimeMeasure, now: Date): ServiceObjectiveStatus {
  const { target, window } = service.objective;
  const st = sloStatus({ target, windowFrom: w.from, windowLengthMs: w.lengthMs, measure, now });
  // No downtime within the longest burn-rate lookback: every rate is zero, nothing to evaluate; and a
  // window that is all maintenance has no budget to burn. Thresholds scale with the length the budget
  // is taken over, so "2 % of the budget in an hour" means 2 % of the budget shown beside it.
  const recent = measure.downtimeAfter(now.getTime() - LONGEST_LOOKBACK_MS);
  const burn = recent && st.measuredMs > 0 ? evaluateBurnRate({ target, windowLengthMs: st.measuredMs, measure, now }).severity : null;
  return { ...st, target, window, burn, period: w.period };
}

/**
 * A service's open incidents prepared once for `status` at any instant: how many, how many past a target
 * (their breach instants, sorted, against `now`), and the unmet clock due first (ties: the older
 * incident).
 */
export class OpenIncidents {
  private readonly breaches: number[];
  private readonly first: OpenDue | null = null;

  constructor(readonly open: readonly OpenDue[]) {
    this.breaches = open.flatMap((o) => (o.breachAt ? [o.breachAt.getTime()] : [])).sort((a, b) => a - b);
    for (const o of open) {
      const f = this.first;
      if (o.dueAt && o.dueClock && (!f || o.dueAt.getTime() < f.dueAt!.getTime() || (o.dueAt.getTime() === f.dueAt!.getTime() && o.number < f.number))) this.first = o;
    }
  }

  at(now: Date): OpenBrief {
    const t = now.getTime();
    const breached = this.breachedBy(t);
    const f = this.first;
    const nearest = f ? { incident: f.number, kind: f.dueClock!, dueAt: f.dueAt!, breached: f.breachAt !== null && f.breachAt.getTime() <= t } : null;
    return { count: this.open.length, breached, nearest };
  }

  /** The first breach instant after `t` (ms), +∞ if none: the counts change then. */
  nextBreachAfter(t: number): number {
    const i = this.breachedBy(t);
    return i < this.breaches.length ? this.breaches[i]! : Infinity;
  }

  /** How many breach instants are at or before `t`. */
  private breachedBy(t: number): number {
    let lo = 0;
    let hi = this.breaches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.breaches[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Health and its reasons, from the open incidents and the objective. */
export function assess(open: OpenBrief, objective: ServiceObjectiveStatus | null): Pick<ServiceStatus, 'health' | 'reasons'> {
  const reasons: string[] = [];
  const { count: openCount, breached: breachedIncidents } = open;
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

/** Worst first: health, then least budget left; 0 for equals, which callers order by key. */
export function worstFirst(a: ServiceStatus, b: ServiceStatus): number {
  return HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || budgetLeft(a) - budgetLeft(b);
}

function budgetLeft(s: ServiceStatus): number {
  return s.objective ? s.objective.remainingFraction : 1;
}
