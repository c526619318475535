/**
 * What `sla document <service>` writes (docs/semantics.md §8): a service's agreement as plain data, gathered
 * by the query use case and rendered by src/messages/views/agreement.ts.
 */
import type { EscalationPolicy } from '../domain/oncall.ts';
import type { MaintenanceWindow, NamedCalendar, Service, SlaPolicy } from '../domain/service.ts';

export type Agreement = {
  service: Service;
  /** The service's calendar; null for the built-in 24x7. */
  calendar: NamedCalendar | null;
  /** Other calendars the SLA policies count on, by name (the built-in 24x7 is not among them). */
  policyCalendars: NamedCalendar[];
  /** SLA policies, one per priority, in priority order. */
  policies: SlaPolicy[];
  /** The zone a calendar window (`month`, `quarter`) is cut in: the calendar's, else the deployment's. */
  windowZone: string;
  /** Maintenance windows not yet over, soonest first (at most {@link AGREEMENT_MAINTENANCE_CAP}). */
  maintenance: MaintenanceWindow[];
  /** Upcoming maintenance windows beyond those listed. */
  moreMaintenance: number;
  /** Escalation policies, the all-priorities one first. */
  escalations: EscalationPolicy[];
  /** When the document was drawn up. */
  asOf: Date;
};

/** The most upcoming maintenance windows a document lists. */
export const AGREEMENT_MAINTENANCE_CAP = 20;
