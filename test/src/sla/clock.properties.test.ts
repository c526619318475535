/**
 * Properties of the SLA clocks (src/sla/clock.ts, docs/semantics.md §2) on random incident timelines and
 * random business calendars: every timeline is one the use cases could write (open, acknowledge, pause,
 * resume, resolve, reopen, notes, priority changes, and undos within a minute), and the expected counting
 * intervals are derived from the incident's status history by the generator itself — not by the code
 * under test — so the properties check the clock against an independent reading of docs/semantics.md §2.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_24X7, WEEKDAYS, businessTimeBetween, type Calendar } from '../../../src/calendar/index.ts';
import type { Actor, IncidentEvent, IncidentEventKind } from '../../../src/domain/incident.ts';
import type { StoredClock } from '../../../src/sla/types.ts';
import { CLOCK_KINDS, evaluateClock, nextCheckAt, type ClockEvaluation, type ClockKind } from '../../../src/sla/clock.ts';
import { liveClock, toStoredClock } from '../../../src/sla/stored.ts';
import { referenceBetween } from '../calendar/helpers.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ACTOR: Actor = { platform: 'console', id: 'local' };

// ---------------------------------------------------------------------------------------------------
// Calendars: 24x7 or random weekly hours (overnight intervals and 24:00 ends included) in zones with and
// without DST, with holidays where the timelines fall.

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago'];
const T0 = Date.UTC(2025, 0, 1);
const T1 = Date.UTC(2026, 11, 1);

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 47 }).map((h) => h * 30), fc.integer({ min: 0, max: 1439 }));
const interval = fc
  .tuple(minuteOfDay, fc.oneof(minuteOfDay, fc.constant(1440)))
  .filter(([s, e]) => s !== e)
  .map(([s, e]): [string, string] => [hhmm(s), hhmm(e)]);

const businessCalendar: fc.Arbitrary<Calendar> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    days: fc.tuple(...WEEKDAYS.map(() => fc.array(interval, { maxLength: 3 }))),
    holidays: fc.array(fc.integer({ min: 0, max: Math.floor((T1 - T0) / DAY) + 30 }), { maxLength: 40 }),
  })
  .filter(({ days }) => days.some((d) => d.length > 0))
  .map(({ timezone, days, holidays }) => ({
    timezone,
    weekly: Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]!])),
    holidays: [...new Set(holidays.map((n) => new Date(T0 + n * DAY).toISOString().slice(0, 10)))].sort(),
  }));

const calendarArb: fc.Arbitrary<Calendar> = fc.oneof({ arbitrary: fc.constant(CALENDAR_24X7), weight: 1 }, { arbitrary: businessCalendar, weight: 3 });

// ---------------------------------------------------------------------------------------------------
// Timelines, built by a small model of the incident use cases (src/usecases/incidents.ts).

type Status = 'open' | 'acknowledged' | 'paused' | 'resolved';

type Timeline = {
  events: IncidentEvent[];
  openedAt: number;
  last: number;
  /** Effective status history (undone changes removed), `[at, status]` in time order. */
  statuses: Array<[number, Status]>;
  /** Effective instants that answer the acknowledge clock (acknowledgements and resolutions). */
  ackStops: number[];
};

type Action = 'ack' | 'pause' | 'resume' | 'resolve' | 'reopen' | 'note' | 'priority' | 'undo';

/** One step of a timeline: a gap in whole seconds, then an action picked among those allowed. */
const step = fc.record({
  gap: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 600, max: 12 * 3600 }), fc.integer({ min: 12 * 3600, max: 4 * 86_400 })),
  pick: fc.nat(),
});

function build(openedAt: number, steps: ReadonlyArray<{ gap: number; pick: number }>): Timeline {
  const events: IncidentEvent[] = [{ kind: 'opened', at: new Date(openedAt), actor: ACTOR }];
  const statuses: Array<[number, Status]> = [[openedAt, 'open']];
  const ackStops: number[] = [];
  let status: Status = 'open';
  let acked = false;
  let t = openedAt;
  // What the last event changed, so an undo straight after it can take exactly that back.
  type Undoable = { of: 'acknowledged' | 'resolved'; before: Status; pushedStatus: boolean };
  let undoable: Undoable | null = null;

  const push = (kind: IncidentEventKind, data?: Record<string, string>) => events.push({ kind, at: new Date(t), actor: ACTOR, ...(data ? { data } : {}) });
  const setStatus = (s: Status): boolean => {
    if (s === status) return false;
    status = s;
    statuses.push([t, s]);
    return true;
  };

  for (const { gap, pick } of steps) {
    const allowed: Action[] = ['note', 'priority'];
    if (status !== 'resolved' && !acked) allowed.push('ack');
    if (status !== 'paused' && status !== 'resolved') allowed.push('pause');
    if (status === 'paused') allowed.push('resume');
    if (status !== 'resolved') allowed.push('resolve');
    if (status === 'resolved') allowed.push('reopen');
    if (undoable) allowed.push('undo');
    const action = allowed[pick % allowed.length]!;
    // Undo is only possible within a minute of what it takes back (UNDO_WINDOW_MS).
    t += (action === 'undo' ? 1 + (gap % 60) : gap) * SEC;
    const before: Status = status;
    const wasUndoable: Undoable | null = undoable;
    undoable = null;
    switch (action) {
      case 'ack': {
        acked = true;
        push('acknowledged');
        ackStops.push(t);
        undoable = { of: 'acknowledged', before, pushedStatus: setStatus(status === 'open' ? 'acknowledged' : status) };
        break;
      }
      case 'pause':
        push('paused');
        setStatus('paused');
        break;
      case 'resume':
        push('resumed');
        setStatus(acked ? 'acknowledged' : 'open');
        break;
      case 'resolve':
        push('resolved', { previous: status });
        ackStops.push(t);
        undoable = { of: 'resolved', before, pushedStatus: setStatus('resolved') };
        break;
      case 'reopen':
        push('reopened');
        setStatus(acked ? 'acknowledged' : 'open');
        break;
      case 'note':
        push('note');
        break;
      case 'priority':
        push('priority_changed', { from: 'P2', to: 'P1' });
        break;
      case 'undo': {
        const u: Undoable = wasUndoable!;
        push('undone', { of: u.of });
        // As if it had not happened: its status change and its answer to the ack clock go.
        if (u.pushedStatus) statuses.pop();
        status = u.before;
        ackStops.pop();
        if (u.of === 'acknowledged') acked = false;
        break;
      }
    }
  }
  return { events, openedAt, last: t, statuses, ackStops };
}

const openedAtArb = fc.integer({ min: T0 / SEC, max: T1 / SEC }).map((s) => s * SEC);
const timelineArb = (maxSteps = 12): fc.Arbitrary<Timeline> =>
  fc.tuple(openedAtArb, fc.array(step, { maxLength: maxSteps })).map(([t0, steps]) => build(t0, steps));

const kindArb = fc.constantFrom<ClockKind>(...CLOCK_KINDS);
/** Targets are whole seconds (policies store seconds): a minute to five days of business time. */
const targetArb = fc.integer({ min: 60, max: 5 * 86_400 }).map((s) => s * SEC);

/** The expected counting intervals of a clock, from the status history alone (docs/semantics.md §2). */
function countingIntervals(kind: ClockKind, tl: Timeline): Array<[number, number | null]> {
  if (kind === 'ack') {
    const stop = tl.ackStops.length ? Math.min(...tl.ackStops) : null;
    return [[tl.openedAt, stop]];
  }
  const out: Array<[number, number | null]> = [];
  let since: number | null = null;
  for (const [at, s] of tl.statuses) {
    const counts = s === 'open' || s === 'acknowledged';
    if (counts && since === null) since = at;
    if (!counts && since !== null) {
      out.push([since, at]);
      since = null;
    }
  }
  if (since !== null) out.push([since, null]);
  return out;
}

function expectedElapsed(cal: Calendar, intervals: Array<[number, number | null]>, now: number, between = businessTimeBetween): number {
  let total = 0;
  for (const [a, b] of intervals) {
    const end = Math.min(b ?? now, now);
    if (end > a) total += between(cal, new Date(a), new Date(end));
  }
  return total;
}

/** Whether the clock counts right after the last event, from the status history alone. */
function countingAtEnd(kind: ClockKind, tl: Timeline): boolean {
  const intervals = countingIntervals(kind, tl);
  return intervals[intervals.length - 1]?.[1] === null;
}

const at = (ms: number): Date => new Date(ms);
const evalAt = (kind: ClockKind, tl: Timeline, cal: Calendar, target: number, now: number): ClockEvaluation => evaluateClock(kind, tl.events, cal, target, at(now));

/** An instant from a day before opening to five days after the last event. */
const nowIn = (tl: Timeline) => fc.integer({ min: tl.openedAt - DAY, max: tl.last + 5 * DAY });
/** An instant at or after the last event: the clock's state is then its state "now". */
const nowAfter = (tl: Timeline) => fc.oneof(fc.constant(tl.last), fc.integer({ min: tl.last, max: tl.last + 30 * DAY }));

const RUNS = { numRuns: 250 };

describe('SLA clock properties (random timelines and business calendars, docs/semantics.md §2)', () => {
  it('the generator makes timelines that exercise every transition', () => {
    // Guards the generator itself: across a sample, each kind of event occurs.
    const kinds = new Set<string>();
    fc.assert(
      fc.property(timelineArb(), (tl) => {
        for (const e of tl.events) kinds.add(e.kind);
      }),
      { numRuns: 300 },
    );
    for (const k of ['acknowledged', 'paused', 'resumed', 'resolved', 'reopened', 'undone', 'note']) expect(kinds).toContain(k);
  });

  it('elapsed is the business time of the counting intervals: pauses, resolutions and undone events as the status history says', () => {
    fc.assert(
      fc.property(calendarArb, kindArb, targetArb, timelineArb().chain((tl) => fc.tuple(fc.constant(tl), nowIn(tl))), (cal, kind, target, [tl, now]) => {
        const e = evalAt(kind, tl, cal, target, now);
        expect(e.elapsedMs).toBe(expectedElapsed(cal, countingIntervals(kind, tl), now));
        expect(e.percent).toBeCloseTo((e.elapsedMs / target) * 100, 9);
      }),
      RUNS,
    );
  });

  it('on short timelines elapsed matches the independent luxon reference calendar too', () => {
    const shortStep = fc.record({ gap: fc.integer({ min: 1, max: 3 * 3600 }), pick: fc.nat() });
    const shortTimeline = fc.tuple(openedAtArb, fc.array(shortStep, { maxLength: 6 })).map(([t0, steps]) => build(t0, steps));
    fc.assert(
      fc.property(businessCalendar, kindArb, shortTimeline.chain((tl) => fc.tuple(fc.constant(tl), fc.integer({ min: tl.openedAt, max: tl.last + 6 * HOUR }))), (cal, kind, [tl, now]) => {
        const e = evalAt(kind, tl, cal, HOUR, now);
        expect(e.elapsedMs).toBe(expectedElapsed(cal, countingIntervals(kind, tl), now, referenceBetween));
      }),
      { numRuns: 100 },
    );
  });

  it('elapsed is monotone non-decreasing in now, and never more than the wall time since opening', () => {
    fc.assert(
      fc.property(calendarArb, kindArb, targetArb, timelineArb().chain((tl) => fc.tuple(fc.constant(tl), fc.array(nowIn(tl), { minLength: 2, maxLength: 8 }))), (cal, kind, target, [tl, nows]) => {
        const sorted = [...nows].sort((a, b) => a - b);
        let previous = -1;
        for (const now of sorted) {
          const { elapsedMs } = evalAt(kind, tl, cal, target, now);
          expect(elapsedMs).toBeGreaterThanOrEqual(previous);
          expect(elapsedMs).toBeGreaterThanOrEqual(0);
          expect(elapsedMs).toBeLessThanOrEqual(Math.max(0, now - tl.openedAt));
          previous = elapsedMs;
        }
      }),
      RUNS,
    );
  });

  it('paused (and resolved) time does not count on the resolve clock: elapsed stands still through it', () => {
    fc.assert(
      fc.property(calendarArb, targetArb, timelineArb(), fc.double({ min: 0, max: 1, noNaN: true }), (cal, target, tl, where) => {
        // Every stretch of the status history in which the resolve clock does not count.
        const stops = tl.statuses.map(([t, s], i) => ({ from: t, to: tl.statuses[i + 1]?.[0] ?? tl.last + 2 * DAY, s })).filter((x) => x.s === 'paused' || x.s === 'resolved');
        for (const { from, to } of stops) {
          const inside = from + Math.floor((to - from) * where);
          const atStart = evalAt('resolve', tl, cal, target, from).elapsedMs;
          expect(evalAt('resolve', tl, cal, target, inside).elapsedMs).toBe(atStart);
          expect(evalAt('resolve', tl, cal, target, to).elapsedMs).toBe(atStart);
        }
      }),
      RUNS,
    );
  });

  it('due: elapsed at dueAt is exactly the target, and any instant before it has less', () => {
    fc.assert(
      fc.property(calendarArb, kindArb, targetArb, timelineArb().chain((tl) => fc.tuple(fc.constant(tl), nowAfter(tl))), (cal, kind, target, [tl, now]) => {
        const e = evalAt(kind, tl, cal, target, now);
        // Known while the clock counts or once it has breached; unknown when stopped within target.
        expect(e.dueAt !== null).toBe(e.running || e.state === 'breached');
        if (!e.dueAt) return;
        const due = e.dueAt.getTime();
        expect(evalAt(kind, tl, cal, target, due).elapsedMs).toBe(target);
        if (due > tl.openedAt) expect(evalAt(kind, tl, cal, target, due - 1).elapsedMs).toBeLessThan(target);
        // While running and within target, due lies ahead (or is now).
        if (e.state === 'running') expect(due).toBeGreaterThanOrEqual(now);
      }),
      RUNS,
    );
  });

  it('breached ⇔ elapsed > target; breachedAt is the first instant past the target; the states follow the timeline', () => {
    fc.assert(
      fc.property(calendarArb, kindArb, targetArb, timelineArb().chain((tl) => fc.tuple(fc.constant(tl), nowAfter(tl))), (cal, kind, target, [tl, now]) => {
        const e = evalAt(kind, tl, cal, target, now);
        expect(e.state === 'breached').toBe(e.elapsedMs > target);
        expect(e.breachedAt !== null).toBe(e.elapsedMs > target);
        expect(e.running).toBe(countingAtEnd(kind, tl));
        if (e.breachedAt) {
          const b = e.breachedAt.getTime();
          expect(b).toBeLessThanOrEqual(now);
          expect(evalAt(kind, tl, cal, target, b).elapsedMs).toBeGreaterThan(target);
          expect(evalAt(kind, tl, cal, target, b - 1).elapsedMs).toBeLessThanOrEqual(target);
        } else if (e.running) {
          expect(e.state).toBe('running');
        } else {
          // Stopped within target: paused if the resolve clock was paused, met otherwise.
          const lastStatus = tl.statuses[tl.statuses.length - 1]![1];
          expect(e.state).toBe(kind === 'resolve' && lastStatus === 'paused' ? 'paused' : 'met');
        }
      }),
      RUNS,
    );
  });

  it('nextCheckAt: once the sweep has sent what is due, the next check is ahead; nothing changes before it, something at it', () => {
    const thresholdsArb = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }).map((a) => a.sort((x, y) => x - y));
    fc.assert(
      fc.property(
        calendarArb,
        kindArb,
        targetArb,
        thresholdsArb,
        timelineArb().chain((tl) => fc.tuple(fc.constant(tl), nowAfter(tl), fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 6 }))),
        (cal, kind, target, thresholds, [tl, now, samples]) => {
          const elapsed = (t: number) => evalAt(kind, tl, cal, target, t).elapsedMs;
          // A warning is due once elapsed reaches its share of the target (whole ms, as nextCheckAt rounds).
          const crossed = (t: number) => thresholds.filter((p) => elapsed(t) >= Math.round((target * p) / 100));
          const e = evalAt(kind, tl, cal, target, now);
          // The sweep at `now` has sent every warning already reached and the breach if there was one.
          const fired = crossed(now);
          const breached = e.state === 'breached';
          const next = nextCheckAt(cal, e, thresholds, fired, breached);

          expect(next === null || next.getTime() > now).toBe(true);
          if (!e.running) expect(next).toBeNull();
          if (e.running && !(breached && fired.length === thresholds.length)) expect(next).not.toBeNull();

          // Nothing the sweep acts on changes strictly between now and the next check.
          const horizon = next ? next.getTime() : now + 60 * DAY;
          const probes = [...samples.map((f) => now + Math.floor((horizon - now) * f)), horizon - 1].filter((t) => t >= now && t < horizon);
          for (const t of probes) {
            const at = evalAt(kind, tl, cal, target, t);
            expect(at.state).toBe(e.state);
            expect(crossed(t)).toEqual(fired);
          }
          // …and at it, a warning threshold or the breach is reached.
          if (next) {
            const n = next.getTime();
            const changed = crossed(n).length > fired.length || (!breached && evalAt(kind, tl, cal, target, n).state === 'breached');
            expect(changed).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it('nextCheckAt with nothing sent yet: an owed breach is due at once (even on a stopped clock), else the first warning', () => {
    fc.assert(
      fc.property(calendarArb, kindArb, targetArb, timelineArb().chain((tl) => fc.tuple(fc.constant(tl), nowAfter(tl))), (cal, kind, target, [tl, now]) => {
        const e = evalAt(kind, tl, cal, target, now);
        const next = nextCheckAt(cal, e, [75, 90], [], false);
        if (e.breachedAt) {
          expect(next).toEqual(e.breachedAt);
        } else if (!e.running) {
          // Stopped within target: warnings it passed while not running are not sent late.
          expect(next).toBeNull();
        } else {
          // The 75 % warning, possibly overdue: the first instant elapsed reaches 75 % of the target.
          const n = next!.getTime();
          const warn = Math.round(target * 0.75);
          expect(evalAt(kind, tl, cal, target, n).elapsedMs).toBeGreaterThanOrEqual(warn);
          expect(evalAt(kind, tl, cal, target, n - 1).elapsedMs).toBeLessThan(warn);
        }
      }),
      RUNS,
    );
  });

  it('a reopen keeps the elapsed time and counts on from it', () => {
    fc.assert(
      fc.property(
        calendarArb,
        targetArb,
        timelineArb(8),
        fc.integer({ min: 1, max: 5 * 86_400 }),
        fc.integer({ min: 1, max: 5 * 86_400 }),
        fc.integer({ min: 0, max: 5 * 86_400 }),
        (cal, target, base, resolveGap, reopenGap, later) => {
          // Whatever came before, resolve (unless resolved), then reopen.
          const events = [...base.events];
          let t = base.last;
          const lastStatus = base.statuses[base.statuses.length - 1]![1];
          if (lastStatus !== 'resolved') {
            t += resolveGap * SEC;
            events.push({ kind: 'resolved', at: at(t), actor: ACTOR });
          }
          const resolvedAt = t;
          t += reopenGap * SEC;
          const reopenedAt = t;
          events.push({ kind: 'reopened', at: at(t), actor: ACTOR });
          const ev = (now: number) => evaluateClock('resolve', events, cal, target, at(now));
          const kept = ev(resolvedAt).elapsedMs;
          expect(ev(reopenedAt).elapsedMs).toBe(kept);
          const now = reopenedAt + later * SEC;
          const e = ev(now);
          expect(e.running).toBe(true);
          expect(e.elapsedMs).toBe(kept + businessTimeBetween(cal, at(reopenedAt), at(now)));
          expect(e.state).toBe(e.elapsedMs > target ? 'breached' : 'running');
          // The acknowledge clock is not restarted by a reopen.
          expect(evaluateClock('ack', events, cal, target, at(now)).running).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('the stored row (src/sla/stored.ts) predicts the evaluation until the next event', () => {
    fc.assert(
      fc.property(calendarArb, kindArb, targetArb, timelineArb().chain((tl) => fc.tuple(fc.constant(tl), nowAfter(tl))), (cal, kind, target, [tl, now]) => {
        const atEvent = evalAt(kind, tl, cal, target, tl.last);
        const row: StoredClock = toStoredClock(1, 'cal', cal, atEvent, at(tl.last), null, [75, 90]);
        const live = liveClock(row, cal, at(now));
        const e = evalAt(kind, tl, cal, target, now);
        expect(live.elapsedMs).toBe(e.elapsedMs);
        expect(live.state).toBe(e.state);
        expect(live.running).toBe(e.running);
        expect(live.dueAt?.getTime() ?? null).toBe(e.dueAt?.getTime() ?? null);
        expect(live.breachedAt?.getTime() ?? null).toBe(e.breachedAt?.getTime() ?? null);
      }),
      RUNS,
    );
  });
});
