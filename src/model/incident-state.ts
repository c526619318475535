/** An incident as the use cases leave it and the views show it. */
import type { Incident, IncidentEvent } from '../domain/incident.ts';
import type { StoredClock } from '../ports/store.ts';
import type { ClockEvaluation } from '../sla/clock.ts';

/** A clock as stored (targets, fired alerts, next check) and as evaluated at the state's `now`. */
export type IncidentClock = { stored: StoredClock; evaluation: ClockEvaluation };

/** An incident as a use case leaves it: its row, its timeline and both clocks evaluated at `now`. */
export type IncidentState = {
  incident: Incident;
  events: IncidentEvent[];
  clocks: IncidentClock[];
  now: Date;
  /** Keys of the outbox rows the change queued to go at once (its card, a refresh, a thread note); none for a read. */
  followUps?: readonly string[];
};
