/**
 * The shapes SLA clocks take outside an evaluation: as stored, stored with its evaluation, in brief per
 * incident, nearest due per service.
 */
import type { ClockEvaluation, ClockKind, ClockState } from './clock.ts';

/** What the clocks table keeps per incident and clock kind (derived, for indexes and fast reads). */
export type StoredClock = {
  incidentNumber: number;
  kind: ClockKind;
  targetSeconds: number;
  calendar: string;
  state: ClockState;
  elapsedSeconds: number;
  runningSince: Date | null;
  dueAt: Date | null;
  /** When it is breached or, still running, will be (see ClockEvaluation.breachAt). */
  breachedAt: Date | null;
  warningThresholds: number[];
  warningsFired: number[];
  breachAlertedAt: Date | null;
  nextCheckAt: Date | null;
};

/** A clock as stored (targets, fired alerts, next check) and as evaluated at the state's `now`. */
export type IncidentClock = { stored: StoredClock; evaluation: ClockEvaluation };

/** An incident's clocks in brief (see `IncidentRepository.setClockSummary`). */
export type ClockSummary = { dueAt: Date | null; dueClock: ClockKind | null; breachAt: Date | null };

/** The clock due first among a service's open incidents. */
export type NearestDue = { incident: number; kind: ClockKind; dueAt: Date; breached: boolean };
