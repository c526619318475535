/**
 * Between events a clock's future is fixed, so the clocks table keeps just enough to answer "where is
 * this clock now" without reading the timeline: elapsed up to the last event, whether it still counts,
 * and the due instant. This module converts an evaluation to that row and back to a live view.
 */
import { businessTimeBetween } from '../calendar/business-time.ts';
import type { Calendar } from '../calendar/types.ts';
import type { StoredClock } from './types.ts';
import { nextCheckAt, type ClockEvaluation, type ClockState } from './clock.ts';

/** The row to store for an evaluation made at `at` (the instant of the last event). */
export function toStoredClock(
  incidentNumber: number,
  calendarName: string,
  calendar: Calendar,
  evaluation: ClockEvaluation,
  at: Date,
  previous: StoredClock | null,
  thresholds: number[],
): StoredClock {
  const warningsFired = previous?.warningsFired ?? [];
  const breachAlertedAt = previous?.breachAlertedAt ?? null;
  return {
    incidentNumber,
    kind: evaluation.kind,
    targetSeconds: Math.round(evaluation.targetMs / 1000),
    calendar: calendarName,
    state: evaluation.state,
    elapsedSeconds: Math.round(evaluation.elapsedMs / 1000),
    runningSince: evaluation.running ? at : null,
    dueAt: evaluation.dueAt,
    // Stored as the projected breach instant while running (see ClockEvaluation.breachAt).
    breachedAt: evaluation.breachAt,
    warningThresholds: thresholds,
    warningsFired,
    breachAlertedAt,
    nextCheckAt: nextCheckAt(calendar, evaluation, thresholds, warningsFired, breachAlertedAt !== null),
  };
}

export type LiveClock = {
  kind: StoredClock['kind'];
  targetMs: number;
  elapsedMs: number;
  percent: number;
  state: ClockState;
  running: boolean;
  dueAt: Date | null;
  breachedAt: Date | null;
  calendar: string;
};

/** The clock as it stands at `now`, from its stored row. */
export function liveClock(row: StoredClock, calendar: Calendar, now: Date): LiveClock {
  const targetMs = row.targetSeconds * 1000;
  const running = row.runningSince !== null;
  const elapsedMs = row.elapsedSeconds * 1000 + (running && row.runningSince! < now ? businessTimeBetween(calendar, row.runningSince!, now) : 0);
  // The row holds the (projected) breach instant: breached once now has passed it.
  const breached = row.breachedAt !== null && row.breachedAt <= now;
  const state: ClockState = breached ? 'breached' : row.state === 'breached' ? (running ? 'running' : 'met') : row.state;
  return {
    kind: row.kind,
    targetMs,
    elapsedMs,
    percent: targetMs > 0 ? (elapsedMs / targetMs) * 100 : 0,
    state,
    running,
    dueAt: row.dueAt,
    breachedAt: breached ? row.breachedAt : null,
    calendar: row.calendar,
  };
}

const time = (d: Date | null) => d?.getTime() ?? null;

/**
 * Whether two rows of one clock say the same: a row stores the elapsed time at its last write and
 * whether it still counts from there, so two rows of a running clock written at different instants are
 * the same clock when everything else agrees; a stopped clock must also agree on its elapsed time.
 */
export function sameClock(a: StoredClock | null, b: StoredClock): boolean {
  if (!a) return false;
  const running = a.runningSince !== null;
  return (
    running === (b.runningSince !== null) &&
    (running || a.elapsedSeconds === b.elapsedSeconds) &&
    a.targetSeconds === b.targetSeconds &&
    a.calendar === b.calendar &&
    a.state === b.state &&
    time(a.dueAt) === time(b.dueAt) &&
    time(a.breachedAt) === time(b.breachedAt) &&
    time(a.breachAlertedAt) === time(b.breachAlertedAt) &&
    time(a.nextCheckAt) === time(b.nextCheckAt) &&
    a.warningThresholds.join() === b.warningThresholds.join() &&
    a.warningsFired.join() === b.warningsFired.join()
  );
}
