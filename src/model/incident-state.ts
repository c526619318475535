/** An incident as the use cases leave it and the views show it. */
import type { Incident, IncidentEvent } from '../domain/incident.ts';
import type { IncidentClock } from '../sla/types.ts';

/** An incident as a use case leaves it: its row, its timeline and both clocks evaluated at `now`. */
export type IncidentState = {
  incident: Incident;
  events: IncidentEvent[];
  clocks: IncidentClock[];
  now: Date;
  /** Keys of the outbox rows the change queued to go at once (its card, a refresh, a thread note); none for a read. */
  followUps?: readonly string[];
};
