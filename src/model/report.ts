/**
 * What a report says: the figures the report query computes and the views show, per service and overall.
 * They live here, apart from both, so views never depend on use cases.
 */
import type { CreditTier, Service } from '../domain/service.ts';
import type { IncidentStats } from '../slo/incident-stats.ts';
import type { CalendarPeriod } from '../slo/window.ts';

export type ServiceReport = {
  service: Service;
  /**
   * Availability over the report's availability window and the objective's target, when it has one. For
   * a calendar period that is the whole period (docs/semantics.md §3): the period's attainment if nothing
   * else goes down.
   */
  availability: number | null;
  target: number | null;
  /** Availability ≥ target, which is exactly "the period's error budget is not overspent". */
  met: boolean | null;
  stats: IncidentStats;
  breachedClocks: number;
  /**
   * The service credit tier (docs/semantics.md §8) `availability` falls in: `tier` null when it meets every
   * tier. Absent or null when the service has no credits.
   */
  credit?: { tier: CreditTier | null; tiers: CreditTier[] } | null;
};

/**
 * A report: incidents opened in `[from, to)`, availability over the availability window (the same span for
 * a rolling or past period; the whole month or quarter for a calendar period, see `calendar`).
 */
export type Report = {
  from: Date;
  to: Date;
  period: string;
  /** A calendar period (`month`, `quarter`): which one and how far in; absent or null otherwise. */
  calendar?: CalendarPeriod | null;
  services: ServiceReport[];
  overall: IncidentStats & { breachedClocks: number };
};
