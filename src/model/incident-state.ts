/** An incident as the use cases leave it and the views show it. */
import type { Incident, IncidentEvent } from '../domain/incident.ts';
import type { Person } from '../domain/oncall.ts';
import type { IncidentClock } from '../sla/types.ts';

/**
 * Where an incident opened by monitoring comes from (docs/semantics.md §6), for its card: the alert
 * group (or alert, or generic event) behind it as it stands now.
 */
export type MonitoringSource = {
  /** The integration's name, e.g. `alertmanager-prod`. */
  integration: string;
  kind: 'alertmanager' | 'grafana' | 'generic';
  /** Alerts of its key firing now (0 once all resolved). */
  firing: number;
  /** The labels that matter, in order: the group's labels, then those all its alerts share (`alertname` first). */
  labels: Array<[name: string, value: string]>;
  /** The `description` annotation (or a generic event's summary details), if any. */
  description: string | null;
  /** The `runbook_url` annotation, if any (http/https only). */
  runbookUrl: string | null;
  /** The alert's source (`generatorURL`, Grafana's panel or dashboard, a generic `source_url`), http/https only. */
  sourceUrl: string | null;
  /** When the last delivery for this key arrived. */
  lastDeliveryAt: Date;
};

/** Whom an incident's escalation pages now and next (docs/semantics.md §7), for its card. */
export type EscalationStatus = {
  /** The level that fired last, and whom it paged; null before the first. */
  paging: { level: number; round: number; at: Date; people: Person[]; emptyRotas: string[] } | null;
  /** The next level, when it fires (null while held: acknowledged, paused) and whom it would page then. */
  next: { level: number; round: number; at: Date | null; people: Person[]; groups: Array<{ id: string; handle?: string }>; emptyRotas: string[] } | null;
  levels: number;
  snoozedUntil: Date | null;
};

/** An incident as a use case leaves it: its row, its timeline and both clocks evaluated at `now`. */
export type IncidentState = {
  incident: Incident;
  events: IncidentEvent[];
  clocks: IncidentClock[];
  now: Date;
  /** Keys of the outbox rows the change queued to go at once (its card, a refresh, a thread note); none for a read. */
  followUps?: readonly string[];
  /** Set when monitoring opened the incident or alerts are attached to it. */
  source?: MonitoringSource | null;
  /** Set when the incident's service has an escalation policy. */
  escalation?: EscalationStatus | null;
};
