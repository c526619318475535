/**
 * docs/semantics.md §3, "one denominator": availability and the error budget are taken over the same window
 * length, so "availability ≥ target" holds exactly when "budget left ≥ 0" — on rolling and calendar
 * windows, with maintenance, overlapping and degraded incidents, any target, and downtime that lands on
 * the budget to the millisecond. A calendar window's length is the whole period, whatever day it is.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { attainmentPercent, targetText } from '../../../src/messages/views/service-line.ts';
import { allowedDowntime, sloStatus } from '../../../src/slo/availability.ts';
import { burnRateThreshold, BURN_RATE_RULES, evaluateBurnRate } from '../../../src/slo/burn-rate.ts';
import { maintenanceTime, weightedDowntime, type ImpactInterval, type TimeRange } from '../../../src/slo/downtime.ts';
import { objectiveWindow, type SloWindow } from '../../../src/slo/window.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns'];
const zoneArb = fc.constantFrom(...ZONES);
const nowArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((t) => new Date(t));
const windowArb: fc.Arbitrary<SloWindow> = fc.oneof(
  fc.integer({ min: 1, max: 366 }).map((days) => ({ kind: 'rolling' as const, days })),
  fc.constantFrom<SloWindow>({ kind: 'rolling', days: 30 }, { kind: 'rolling', days: 7 }, { kind: 'calendar', unit: 'month' }, { kind: 'calendar', unit: 'quarter' }),
  fc.constantFrom<SloWindow>({ kind: 'calendar', unit: 'month' }, { kind: 'calendar', unit: 'quarter' }),
);
/** Targets people type (up to five decimals of a percent), the common ones, and arbitrary doubles. */
const targetArb = fc.oneof(
  fc.integer({ min: 1, max: 9_999_999 }).map((k) => (10_000_000 - k) / 10_000_000),
  fc.constantFrom(0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999),
  fc.double({ min: 0.01, max: 0.999999, noNaN: true }),
);
const weightArb = fc.oneof(fc.constantFrom(1, 0.5, 0), fc.double({ min: 0, max: 1, noNaN: true }));

type Scenario = { now: Date; zone: string; window: SloWindow; target: number; intervals: ImpactInterval[]; maintenance: TimeRange[]; from: Date; lengthMs: number };

/** Incidents and maintenance anywhere around the window, ongoing ones and ones "ending" after now included. */
const scenarioArb: fc.Arbitrary<Scenario> = fc.tuple(nowArb, zoneArb, windowArb, targetArb).chain(([now, zone, window, target]) => {
  const w = objectiveWindow(window, now, zone);
  const lo = w.from.getTime() - 2 * DAY;
  const hi = Math.max(now.getTime(), w.to.getTime()) + DAY;
  const span = fc.tuple(fc.integer({ min: lo, max: hi }), fc.oneof(fc.integer({ min: 0, max: 10 * MIN }), fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 20 * DAY })));
  const interval = fc.tuple(span, weightArb, fc.boolean()).map(([[s, len], weight, ongoing]): ImpactInterval => ({ start: new Date(Math.min(s, now.getTime())), end: ongoing ? null : new Date(s + len), weight }));
  const maint = span.map(([s, len]): TimeRange => ({ start: new Date(s), end: new Date(s + len) }));
  return fc
    .record({ intervals: fc.array(interval, { maxLength: 8 }), maintenance: fc.array(maint, { maxLength: 4 }) })
    .map(({ intervals, maintenance }) => ({ now, zone, window, target, intervals, maintenance, from: w.from, lengthMs: w.lengthMs }));
});

/**
 * Downtime that lands on the budget: one outage (or a degraded incident, for half milliseconds) whose
 * weighted length is the budget −1, −½, 0, +½ or +1 ms, placed where it has already happened.
 */
const boundaryArb: fc.Arbitrary<Scenario> = fc
  .tuple(nowArb, zoneArb, windowArb, targetArb, fc.constantFrom(-1, -0.5, 0, 0.5, 1), fc.boolean())
  .map(([now, zone, window, target, delta, withMaintenance]) => {
    const w = objectiveWindow(window, now, zone);
    const maintenance: TimeRange[] = withMaintenance ? [{ start: new Date(w.from.getTime() + w.lengthMs / 2), end: new Date(w.from.getTime() + w.lengthMs / 2 + HOUR) }] : [];
    const budget = allowedDowntime(target, w.lengthMs - maintenanceTime(maintenance, w.from, new Date(w.from.getTime() + w.lengthMs)));
    const weight = Number.isInteger(delta) ? 1 : 0.5;
    const length = (budget + delta) / weight;
    const end = now.getTime();
    const start = end - Math.max(0, Math.round(length));
    return { now, zone, window, target, intervals: [{ start: new Date(start), end: new Date(end), weight }], maintenance, from: w.from, lengthMs: w.lengthMs };
  });

const status = (s: Scenario) => sloStatus({ target: s.target, windowFrom: s.from, windowLengthMs: s.lengthMs, intervals: s.intervals, maintenance: s.maintenance, now: s.now });

/** A percentage as printed (`99.95%`) in units of its last decimal, with that many decimals. */
function units(text: string, digits: number): number {
  return Math.round(Number.parseFloat(text) * 10 ** digits);
}

describe('one denominator (docs/semantics.md §3)', () => {
  it('availability ≥ target ⇔ budget left ≥ 0, exactly, on random services, timelines, maintenance and windows', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb, boundaryArb), (s) => {
        const st = status(s);
        expect(st.availability >= s.target).toBe(st.remainingMs >= 0);
        // Both figures stand on the same length: the window minus the maintenance declared in it.
        const end = new Date(s.from.getTime() + s.lengthMs);
        expect(st.measuredMs).toBe(s.lengthMs - maintenanceTime(s.maintenance, s.from, end));
        expect(st.budgetMs).toBe(allowedDowntime(s.target, st.measuredMs));
        expect(st.downtimeMs).toBe(weightedDowntime(s.intervals, s.maintenance, s.from, end, s.now));
        expect(st.remainingMs).toBe(st.budgetMs - st.downtimeMs);
        expect(st.availability).toBeGreaterThanOrEqual(0);
        expect(st.availability).toBeLessThanOrEqual(1);
        // The figure is 1 − downtime / measured, moved at most by the budget's rounding to a whole ms.
        if (st.measuredMs > 0) expect(Math.abs(st.availability - Math.max(0, 1 - st.downtimeMs / st.measuredMs))).toBeLessThanOrEqual(0.5 / st.measuredMs + 1e-12);
      }),
      { numRuns: 1000 },
    );
  });

  it('downtime on the budget to the millisecond: met at the budget, missed half a millisecond past it', () => {
    fc.assert(
      fc.property(boundaryArb, (s) => {
        const st = status(s);
        const met = st.remainingMs >= 0;
        expect(st.availability >= s.target).toBe(met);
        // Printed, the figure agrees too: never at or above the target when missed, never below when met.
        const digits = Math.max(2, (String(Number((s.target * 100).toPrecision(10))).split('.')[1] ?? '').length);
        const shown = attainmentPercent(st.availability, s.target, met);
        const target = targetText(s.target);
        if (digits <= 6) expect(units(shown, digits) >= units(target, digits)).toBe(met);
      }),
      { numRuns: 1000 },
    );
  });

  it('a calendar window is the whole period, the same all through it', () => {
    fc.assert(
      fc.property(nowArb, zoneArb, fc.constantFrom<'month' | 'quarter'>('month', 'quarter'), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (now, zone, unit, f) => {
        const w = objectiveWindow({ kind: 'calendar', unit }, now, zone);
        const start = DateTime.fromJSDate(w.from, { zone });
        const months = unit === 'month' ? 1 : 3;
        // Local midnight on the first of the period; the next period's start; now inside.
        expect([start.day, start.hour, start.minute, start.second]).toEqual([1, 0, 0, 0]);
        if (unit === 'quarter') expect((start.month - 1) % 3).toBe(0);
        expect(w.to.getTime()).toBe(start.plus({ months }).toMillis());
        expect(w.lengthMs).toBe(w.to.getTime() - w.from.getTime());
        expect(w.from.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime()).toBeLessThan(w.to.getTime());
        // The day count of the label: local days of the period.
        const days = Array.from({ length: months }, (_, i) => start.plus({ months: i }).daysInMonth as number).reduce((a, b) => a + b, 0);
        expect(w.period).toMatchObject({ unit, days });
        expect(w.period!.day).toBe(Math.floor(DateTime.fromJSDate(now, { zone }).startOf('day').diff(start, 'days').days) + 1);
        expect(w.period!.day).toBeGreaterThanOrEqual(1);
        expect(w.period!.day).toBeLessThanOrEqual(days);
        // Any other instant of the period has the same window: the denominator does not grow with the day.
        const other = new Date(w.from.getTime() + Math.floor(f * w.lengthMs));
        const v = objectiveWindow({ kind: 'calendar', unit }, other, zone);
        expect([v.from.getTime(), v.to.getTime(), v.lengthMs]).toEqual([w.from.getTime(), w.to.getTime(), w.lengthMs]);
      }),
      { numRuns: 500 },
    );
  });

  it('mid-period, availability is the period\'s attainment if nothing else goes down', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (s, f) => {
        if (s.window.kind !== 'calendar') return;
        // Everything has ended by now; a later instant of the same period sees the same figures.
        const intervals = s.intervals.map((i) => ({ ...i, end: new Date(Math.min(i.end?.getTime() ?? s.now.getTime(), s.now.getTime())) }));
        const end = s.from.getTime() + s.lengthMs;
        const later = new Date(s.now.getTime() + Math.floor(f * (end - s.now.getTime())));
        const a = sloStatus({ target: s.target, windowFrom: s.from, windowLengthMs: s.lengthMs, intervals, maintenance: s.maintenance, now: s.now });
        const b = sloStatus({ target: s.target, windowFrom: s.from, windowLengthMs: s.lengthMs, intervals, maintenance: s.maintenance, now: later });
        expect(b).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('rolling windows are always full: the last `days` × 24 h, whatever the zone', () => {
    fc.assert(
      fc.property(nowArb, zoneArb, fc.integer({ min: 1, max: 366 }), (now, zone, days) => {
        const w = objectiveWindow({ kind: 'rolling', days }, now, zone);
        expect(w).toEqual({ from: new Date(now.getTime() - days * DAY), to: now, lengthMs: days * DAY, period: null });
      }),
    );
  });

  it('burn-rate thresholds scale with the budget\'s length: a rule fires when its lookback spent more than its share of the budget shown', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const st = status(s);
        if (!(st.measuredMs > 0)) return;
        const evaluation = evaluateBurnRate({ target: s.target, windowLengthMs: st.measuredMs, intervals: s.intervals, maintenance: s.maintenance, now: s.now });
        for (const r of evaluation.rules) {
          expect(r.threshold).toBe(burnRateThreshold(r.rule, st.measuredMs));
          const spent = weightedDowntime(s.intervals, s.maintenance, new Date(s.now.getTime() - r.rule.longWindowMs), s.now, s.now);
          // Away from the exact boundary (float noise, the ms rounding of the budget), long-rate firing is
          // "spent more than budgetFraction of the budget".
          const share = r.rule.budgetFraction * st.budgetMs;
          if (Math.abs(spent - share) > 1 + share * 1e-6) expect(r.longRate > r.threshold).toBe(spent > share);
        }
      }),
      { numRuns: 500 },
    );
    expect(BURN_RATE_RULES.map((r) => burnRateThreshold(r, 30 * DAY))).toEqual([14.4, 6, 1]);
  });
});
