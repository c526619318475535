/**
 * When each level of an escalation policy fires for one incident (docs/semantics.md §7), as a pure
 * function of the policy, the incident's timeline, its acknowledge clock, the steps already fired and now.
 *
 * Escalation time counts only while the incident waits for someone: open, not acknowledged, not paused
 * and not snoozed. An `after 15m` level fires when escalation time reaches 15 minutes, so a pause or a
 * snooze holds the ladder where it is, and a reopen of an incident nobody acknowledged resumes it from
 * the first level not yet fired, with the time that level still had to wait. An `at 90%` level fires when
 * the acknowledge clock reaches 90 % of its target on its calendar (business hours wait for hours), and
 * only while the incident waits. Levels fire in the order written, each not before its own trigger.
 * `repeat n every d` fires the whole ladder again n more times: in round r, a level fires once escalation
 * time has passed the time it first fired at by r × d.
 */
import type { Calendar } from '../calendar/index.ts';
import { effectiveEvents, type IncidentEvent } from '../domain/incident.ts';
import type { EscalationPolicy } from '../domain/oncall.ts';
import { clockSegments, instantAtElapsed, segmentsElapsed, type Segment } from '../sla/clock.ts';

/** A level fired in one round, and the escalation time (ms) it fired at. */
export type FiredStep = { level: number; round: number; at: Date; tauMs: number };

export type Step = { level: number; round: number };

/** The acknowledge clock the `at N%` levels follow; null without an acknowledge target. */
export type AckClock = { calendar: Calendar; targetMs: number } | null;

export type EscalationPhase =
  /** Waiting for the next level. */
  | 'waiting'
  /** Not escalating now: acknowledged, paused or resolved; a change re-arms it. */
  | 'stopped'
  /** Snoozed until `dueAt`. */
  | 'snoozed'
  /** Every level of every round has fired (or cannot). */
  | 'done';

export type EscalationPlan = {
  /** Steps to fire now, in order, each with the escalation time it fires at. */
  fire: Array<Step & { tauMs: number }>;
  /** When to look again (the next step's instant, or a snooze's end); null when nothing is owed. */
  dueAt: Date | null;
  /** The step after those fired now, if any. */
  next: Step | null;
  phase: EscalationPhase;
  /** Escalation time at `now`. */
  tauMs: number;
};

/** A snooze: the event's `data.until` (ISO instant). */
export function snoozeUntil(e: IncidentEvent): Date | null {
  const u = e.kind === 'snoozed' ? e.data?.until : undefined;
  if (!u) return null;
  const d = new Date(u);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The intervals in which escalation time counts: open, unacknowledged, unpaused, unsnoozed. The last
 * one has no end while it still counts.
 */
export function escalationSegments(events: readonly IncidentEvent[]): Segment[] {
  const segments: Segment[] = [];
  let open = false;
  let acked = false;
  let paused = false;
  let snoozed: Date | null = null;
  let start: Date | null = null;
  const counts = (at: Date) => open && !acked && !paused && !(snoozed !== null && snoozed > at);
  const settle = (at: Date) => {
    const now = counts(at);
    if (now && start === null) start = at;
    else if (!now && start !== null) {
      if (at > start) segments.push({ start, end: at });
      start = null;
    }
  };
  for (const e of effectiveEvents(events)) {
    // A snooze that ran out before this event lets escalation count again from its end.
    if (snoozed !== null && snoozed <= e.at) {
      const end = snoozed;
      snoozed = null;
      settle(end);
    }
    switch (e.kind) {
      case 'opened':
        open = true;
        break;
      case 'acknowledged':
        acked = true;
        break;
      case 'paused':
        paused = true;
        break;
      case 'resumed':
        paused = false;
        break;
      case 'resolved':
        open = false;
        paused = false;
        snoozed = null;
        break;
      case 'reopened':
        open = true;
        break;
      case 'snoozed':
        snoozed = snoozeUntil(e);
        break;
      default:
        break;
    }
    settle(e.at);
  }
  if (snoozed !== null && start === null && open && !acked && !paused) start = snoozed;
  if (start !== null) segments.push({ start, end: null });
  return segments;
}

/** Escalation time (ms) counted by `segments` up to `t`. */
export function tauAt(segments: readonly Segment[], t: Date): number {
  let total = 0;
  for (const s of segments) {
    if (s.start >= t) break;
    const end = s.end === null || s.end > t ? t : s.end;
    total += end.getTime() - s.start.getTime();
  }
  return total;
}

/** Whether escalation time counts at `t`. */
function counting(segments: readonly Segment[], t: Date): boolean {
  return segments.some((s) => s.start <= t && (s.end === null || s.end > t));
}

/** The steps of a policy in firing order: round 0's levels, then each repeat's. */
export function stepOrder(policy: Pick<EscalationPolicy, 'levels' | 'repeat'>): Step[] {
  const rounds = 1 + (policy.repeat?.times ?? 0);
  const out: Step[] = [];
  for (let round = 0; round < rounds; round++) for (let level = 0; level < policy.levels.length; level++) out.push({ level, round });
  return out;
}

const stepKey = (s: Step) => `${s.level}:${s.round}`;

export function planEscalation(input: {
  policy: Pick<EscalationPolicy, 'levels' | 'repeat'>;
  events: readonly IncidentEvent[];
  ack: AckClock;
  fired: readonly FiredStep[];
  now: Date;
}): EscalationPlan {
  const { policy, events, ack, now } = input;
  const segments = escalationSegments(events);
  const tauNow = tauAt(segments, now);
  const fired = new Map(input.fired.map((f) => [stepKey(f), f]));
  const firstRound = (level: number) => fired.get(stepKey({ level, round: 0 })) ?? null;
  const everyMs = (policy.repeat?.everySeconds ?? 0) * 1000;
  const ackSegments = ack ? clockSegments('ack', events).segments : [];

  /** What a step waits for: an escalation time, or (at N%, first round) an instant of the ack clock. Null: it cannot fire. */
  const wait = (s: Step): { tauMs: number } | { instant: Date } | null => {
    const level = policy.levels[s.level]!;
    if (level.trigger.kind === 'after') return { tauMs: level.trigger.seconds * 1000 + s.round * everyMs };
    if (s.round > 0) {
      const first = firstRound(s.level);
      return first ? { tauMs: first.tauMs + s.round * everyMs } : null;
    }
    if (!ack) return null;
    const instant = instantAtElapsed(ack.calendar, ackSegments, (level.trigger.percent / 100) * ack.targetMs);
    return instant ? { instant } : null;
  };

  const fire: EscalationPlan['fire'] = [];
  const waiting = counting(segments, now);
  const order = stepOrder(policy).filter((s) => !fired.has(stepKey(s)));
  let i = 0;
  for (; i < order.length; i++) {
    const s = order[i]!;
    const w = wait(s);
    // A step that can never fire (an `at` level without an acknowledge target) is passed over.
    if (w === null) continue;
    if (!waiting) break;
    const reached = 'tauMs' in w ? tauNow >= w.tauMs : w.instant <= now;
    if (!reached) break;
    fire.push({ ...s, tauMs: tauNow });
    // Later rounds of an `at` level count from when its first round fires: now.
    if (s.round === 0) fired.set(stepKey(s), { ...s, at: now, tauMs: tauNow });
  }
  const remaining = order.slice(i).filter((s) => wait(s) !== null);
  const next = remaining[0] ?? null;
  if (!next) return { fire, dueAt: null, next: null, phase: 'done', tauMs: tauNow };
  if (!waiting) {
    // A snooze that ends while the incident still waits: look again then.
    const last = segments[segments.length - 1];
    if (last && last.start > now) return { fire, dueAt: last.start, next, phase: 'snoozed', tauMs: tauNow };
    return { fire, dueAt: null, next, phase: 'stopped', tauMs: tauNow };
  }
  const w = wait(next)!;
  const dueAt = 'tauMs' in w ? new Date(now.getTime() + Math.max(0, w.tauMs - tauNow)) : w.instant;
  return { fire, dueAt, next, phase: 'waiting', tauMs: tauNow };
}

/** Business time the acknowledge clock has counted at `now` (for "at 90 %" in replies). */
export function ackElapsed(ack: NonNullable<AckClock>, events: readonly IncidentEvent[], now: Date): number {
  return segmentsElapsed(ack.calendar, clockSegments('ack', events).segments, now);
}
