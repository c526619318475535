/**
 * Where services stand: the results the status queries compute and the views show. They live here,
 * apart from both, so views never depend on use cases.
 */
import type { Incident } from '../domain/incident.ts';
import type { Service } from '../domain/service.ts';
import type { NearestDue } from '../sla/types.ts';
import type { LiveClock } from '../sla/stored.ts';
import type { SloStatus } from '../slo/availability.ts';
import type { BurnRateSeverity } from '../slo/burn-rate.ts';
import type { CalendarPeriod } from '../slo/window.ts';

export type Health = 'breached' | 'at_risk' | 'healthy';

export type OpenIncident = { incident: Incident; clocks: LiveClock[] };

/**
 * A service's standing against its objective (docs/semantics.md §3): availability and budget over the same
 * whole window, and for a calendar window where in the period now is (absent or null: a rolling window).
 */
export type ServiceObjectiveStatus = SloStatus & { target: number; window: string; burn: BurnRateSeverity | null; period?: CalendarPeriod | null };

export type ServiceStatus = {
  service: Service;
  health: Health;
  /** Why it has that health, short phrases. */
  reasons: string[];
  objective: ServiceObjectiveStatus | null;
  /** Open incidents with their clocks — filled for `status <service>`; the overview gives only the count. */
  open: OpenIncident[];
  openCount: number;
  /** The unmet clock due first (a breached one was due in the past, so it comes first), if any. */
  nearest: NearestDue | null;
};

export type StatusOverview = { now: Date; services: ServiceStatus[]; counts: Record<Health, number> };
