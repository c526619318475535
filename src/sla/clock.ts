/**
 * SLA clocks as a pure function of an incident's timeline (docs/semantics.md §2).
 *
 * A clock is a list of counting segments (wall-clock instants); its elapsed time is the business time of
 * those segments on the clock's calendar. Everything else — percent, due, breach, warnings — follows.
 */
import { addBusinessTime, businessTimeBetween } from '../calendar/business-time.ts';
import type { Calendar } from '../calendar/types.ts';
import { effectiveEvents, type IncidentEvent } from '../domain/incident.ts';

export const CLOCK_KINDS = ['ack', 'resolve'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];
export type ClockState = 'running' | 'paused' | 'met' | 'breached';

/** `[start, end)`; `end` null while the segment is still counting. */
export type Segment = { start: Date; end: Date | null };

/** Why a clock is not counting, for "why did it pause" explanations. */
export type ClockStop = { kind: 'paused' | 'acknowledged' | 'resolved'; at: Date; reason: string | null };

export type ClockEvaluation = {
  kind: ClockKind;
  targetMs: number;
  elapsedMs: number;
  percent: number;
  state: ClockState;
  /** Counting right now. */
  running: boolean;
  /** Instant elapsed reaches the target; null while paused (unknown) or when stopped within target. */
  dueAt: Date | null;
  /**
   * First instant at which elapsed is strictly past the target; null if not breached. It can differ from
   * `dueAt`: due at Fri 17:00 on a 09–17 calendar, the clock is breached only once Monday's hours count.
   */
  breachedAt: Date | null;
  /**
   * When the clock is breached or, still counting, will be if nothing changes: `breachedAt` if breached,
   * the projected instant while running within target, null when stopped within target or paused.
   * Fixed between events, so it is stored and lets queries tell breached clocks by comparing with now.
   */
  breachAt: Date | null;
  /** Start of the open counting segment, when running. */
  countingSince: Date | null;
  /** Last stop, when not running. */
  stoppedBy: ClockStop | null;
  segments: Segment[];
};

/** Counting segments of a clock, derived from the timeline. Events must be in time order. */
export function clockSegments(kind: ClockKind, events: readonly IncidentEvent[]): { segments: Segment[]; stop: ClockStop | null } {
  const segments: Segment[] = [];
  let open: Date | null = null;
  let stop: ClockStop | null = null;
  let ackDone = false;
  const close = (at: Date, s: ClockStop) => {
    if (open) segments.push({ start: open, end: at });
    open = null;
    stop = s;
  };
  for (const e of effectiveEvents(events)) {
    if (kind === 'ack') {
      if (ackDone) break;
      if (e.kind === 'opened') open = e.at;
      else if (e.kind === 'acknowledged' || e.kind === 'resolved') {
        // The acknowledge clock stops at the first acknowledgement; resolving an unacknowledged incident
        // answers it too (ServiceNow's response SLA completes on any move out of New). Reopening does not
        // restart it: the first response is what the target measures.
        close(e.at, { kind: e.kind, at: e.at, reason: e.text ?? null });
        ackDone = true;
      }
      continue;
    }
    switch (e.kind) {
      case 'opened':
      case 'resumed':
      case 'reopened':
        if (!open) open = e.at;
        stop = null;
        break;
      case 'paused':
        close(e.at, { kind: 'paused', at: e.at, reason: e.text ?? null });
        break;
      case 'resolved':
        close(e.at, { kind: 'resolved', at: e.at, reason: e.text ?? null });
        break;
      default:
        break;
    }
  }
  if (open) segments.push({ start: open, end: null });
  return { segments, stop };
}

/** Business time counted by the segments up to `now`. */
export function segmentsElapsed(calendar: Calendar, segments: readonly Segment[], now: Date): number {
  let total = 0;
  for (const s of segments) {
    const end = s.end ?? now;
    if (s.start < now) total += businessTimeBetween(calendar, s.start, end < now ? end : now);
  }
  return total;
}

/**
 * The instant at which the segments have counted `amountMs` of business time, or null if they stop
 * before that. An open last segment counts forever, so it always reaches the amount.
 */
export function instantAtElapsed(calendar: Calendar, segments: readonly Segment[], amountMs: number): Date | null {
  let counted = 0;
  for (const s of segments) {
    if (s.end === null) return addBusinessTime(calendar, s.start, amountMs - counted);
    const m = businessTimeBetween(calendar, s.start, s.end);
    if (counted + m >= amountMs) return addBusinessTime(calendar, s.start, amountMs - counted);
    counted += m;
  }
  return null;
}

/** Evaluate one clock at `now`. */
export function evaluateClock(
  kind: ClockKind,
  events: readonly IncidentEvent[],
  calendar: Calendar,
  targetMs: number,
  now: Date,
): ClockEvaluation {
  const { segments, stop } = clockSegments(kind, events);
  const last = segments[segments.length - 1];
  const running = last !== undefined && last.end === null;
  const elapsedMs = segmentsElapsed(calendar, segments, now);
  const breached = elapsedMs > targetMs;
  const dueAt = breached || running ? instantAtElapsed(calendar, segments, targetMs) : null;
  const breachAt = breached || running ? instantAtElapsed(calendar, segments, targetMs + 1) : null;
  let state: ClockState;
  if (breached) state = 'breached';
  else if (running) state = 'running';
  else state = stop?.kind === 'paused' ? 'paused' : 'met';
  return {
    kind,
    targetMs,
    elapsedMs,
    percent: targetMs > 0 ? (elapsedMs / targetMs) * 100 : 0,
    state,
    running,
    dueAt,
    breachedAt: breached ? breachAt : null,
    breachAt,
    countingSince: running && last ? last.start : null,
    stoppedBy: running ? null : stop,
    segments,
  };
}

/**
 * When the sweep must next look at this clock: the earliest warning threshold not yet fired, or the
 * breach if its alert has not gone out. Stopped clocks need no look unless a breach alert is still owed
 * (a breach that happened before the clock stopped is still announced, once). Warnings that a clock
 * passed while not running are not sent late: a warning about a stopped clock helps nobody.
 */
export function nextCheckAt(
  calendar: Calendar,
  evaluation: ClockEvaluation,
  thresholds: readonly number[],
  warningsFired: readonly number[],
  breachAlerted: boolean,
): Date | null {
  const { segments, targetMs } = evaluation;
  if (!breachAlerted && evaluation.breachedAt) return evaluation.breachedAt;
  if (!evaluation.running) return null;
  let next: Date | null = null;
  for (const p of thresholds) {
    if (warningsFired.includes(p) || p >= 100) continue;
    // Business ms are whole here (targets are whole seconds), so round the threshold to a whole ms.
    const at = instantAtElapsed(calendar, segments, Math.round((targetMs * p) / 100));
    if (at && (!next || at < next)) next = at;
  }
  // Breached means strictly past the target (docs/semantics.md §2): the first business ms after due.
  const breachAt = evaluation.breachAt;
  if (!breachAlerted && breachAt && (!next || breachAt < next)) next = breachAt;
  return next;
}
