import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BadArgumentError } from '../../../src/errors.ts';
import { formatDuration } from '../../../src/format/duration.ts';
import { allowedDowntime, availability, budgetFraction, sloStatus } from '../../../src/slo/availability.ts';
import type { ImpactInterval, TimeRange } from '../../../src/slo/downtime.ts';
import { objectiveWindow } from '../../../src/slo/window.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('budgetFraction', () => {
  it('removes the binary noise of 1 − target', () => {
    expect(1 - 0.999).not.toBe(0.001); // the trap: 0.0010000000000000009
    expect(budgetFraction(0.999)).toBe(0.001);
    expect(budgetFraction(0.9995)).toBe(0.0005);
    expect(budgetFraction(0.99)).toBe(0.01);
  });

  it.each([0, 1, 99.9, -0.5, Number.NaN])('rejects target %d', (target) => {
    expect(() => budgetFraction(target)).toThrow(BadArgumentError);
  });
});

describe('allowedDowntime: the reference figures of docs/semantics.md §3, to the millisecond', () => {
  it('99.9 % over 30 days allows 43 min 12 s', () => {
    expect(allowedDowntime(0.999, 30 * DAY)).toBe(43 * MIN + 12 * SEC);
    expect(formatDuration(allowedDowntime(0.999, 30 * DAY))).toBe('43m 12s');
  });

  it('99.9 % over 7 days allows 10 min 4.8 s', () => {
    expect(allowedDowntime(0.999, 7 * DAY)).toBe(10 * MIN + 4_800);
    expect(formatDuration(allowedDowntime(0.999, 7 * DAY))).toBe('10m 4.8s');
  });

  it('99.9 % over 1 day allows 1 min 26.4 s', () => {
    expect(allowedDowntime(0.999, DAY)).toBe(MIN + 26_400);
    expect(formatDuration(allowedDowntime(0.999, DAY))).toBe('1m 26.4s');
  });

  it('99.9 % over 365 days allows 8 h 45 min 36 s', () => {
    expect(allowedDowntime(0.999, 365 * DAY)).toBe(8 * HOUR + 45 * MIN + 36 * SEC);
    expect(formatDuration(allowedDowntime(0.999, 365 * DAY))).toBe('8h 45m 36s');
  });

  it('the naive product would be off by float noise; the result is a whole millisecond', () => {
    expect((1 - 0.999) * 30 * DAY).not.toBe(2_592_000);
    expect(Number.isInteger(allowedDowntime(0.999, 30 * DAY))).toBe(true);
  });

  it('other common targets', () => {
    expect(allowedDowntime(0.9995, 30 * DAY)).toBe(21 * MIN + 36 * SEC);
    expect(allowedDowntime(0.9999, 30 * DAY)).toBe(4 * MIN + 19_200);
    expect(allowedDowntime(0.99, 30 * DAY)).toBe(7 * HOUR + 12 * MIN);
    expect(allowedDowntime(0.999, 745 * HOUR)).toBe(44 * MIN + 42 * SEC); // Berlin October
  });

  it('rejects negative or non-finite windows', () => {
    expect(() => allowedDowntime(0.999, -1)).toThrow(BadArgumentError);
    expect(() => allowedDowntime(0.999, Number.POSITIVE_INFINITY)).toThrow(BadArgumentError);
  });

  it('is the exact product rounded to the nearest ms (property)', () => {
    // Targets with up to 5 decimals, windows up to two years.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 730 * DAY }), (k, windowMs) => {
        const target = (100_000 - k) / 100_000;
        const result = allowedDowntime(target, windowMs);
        expect(Number.isInteger(result)).toBe(true);
        // Exact in integers: k/100000 × windowMs.
        expect(Math.abs(result * 100_000 - k * windowMs)).toBeLessThanOrEqual(50_000);
      }),
    );
  });
});

describe('availability', () => {
  it('is 1 − downtime / (window − maintenance)', () => {
    expect(availability({ windowMs: 100 * MIN, maintenanceMs: 0, downtimeMs: MIN })).toBeCloseTo(0.99, 12);
    expect(availability({ windowMs: 110 * MIN, maintenanceMs: 10 * MIN, downtimeMs: MIN })).toBeCloseTo(0.99, 12);
  });

  it('is 1 when nothing was measured', () => {
    expect(availability({ windowMs: 0, maintenanceMs: 0, downtimeMs: 0 })).toBe(1);
    expect(availability({ windowMs: HOUR, maintenanceMs: HOUR, downtimeMs: 0 })).toBe(1);
  });
});

describe('sloStatus', () => {
  const now = new Date('2026-06-30T12:00:00Z');
  const rolling30 = { windowFrom: new Date(now.getTime() - 30 * DAY), windowLengthMs: 30 * DAY };
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const outage = (startAgo: number, endAgo: number | null, weight = 1): ImpactInterval => ({
    start: ago(startAgo),
    end: endAgo === null ? null : ago(endAgo),
    weight,
  });

  it('a clean window: full availability, whole budget left', () => {
    const s = sloStatus({ target: 0.999, ...rolling30, intervals: [], maintenance: [], now });
    expect(s).toEqual({
      availability: 1,
      downtimeMs: 0,
      measuredMs: 30 * DAY,
      budgetMs: 2_592_000,
      remainingMs: 2_592_000,
      remainingFraction: 1,
      consumedFraction: 0,
    });
  });

  it('a 30-minute outage in a 30-day window at 99.9 %', () => {
    const s = sloStatus({ target: 0.999, ...rolling30, intervals: [outage(2 * DAY, 2 * DAY - 30 * MIN)], maintenance: [], now });
    expect(s.downtimeMs).toBe(30 * MIN);
    expect(s.availability).toBeCloseTo(1 - 30 / (30 * 24 * 60), 12);
    expect(s.budgetMs).toBe(2_592_000);
    expect(s.remainingMs).toBe(792_000); // 13 min 12 s
    expect(s.consumedFraction).toBeCloseTo(1_800_000 / 2_592_000, 12);
    expect(s.remainingFraction).toBeCloseTo(792_000 / 2_592_000, 12);
  });

  it('overlapping incidents count once: the heaviest weight wins', () => {
    const s = sloStatus({
      target: 0.999,
      ...rolling30,
      intervals: [outage(DAY, DAY - 20 * MIN), outage(DAY - 10 * MIN, DAY - 30 * MIN), outage(DAY, DAY - 60 * MIN, 0.5)],
      maintenance: [],
      now,
    });
    // outage 0–30 min, degraded 30–60 min: 30 + 15
    expect(s.downtimeMs).toBe(45 * MIN);
  });

  it('a degraded incident counts at its weight', () => {
    const s = sloStatus({ target: 0.999, ...rolling30, intervals: [outage(DAY, DAY - HOUR, 0.5)], maintenance: [], now });
    expect(s.downtimeMs).toBe(30 * MIN);
  });

  it('an ongoing incident counts up to now and grows with it', () => {
    const intervals = [outage(20 * MIN, null)];
    expect(sloStatus({ target: 0.999, ...rolling30, intervals, maintenance: [], now }).downtimeMs).toBe(20 * MIN);
    const later = new Date(now.getTime() + 10 * MIN);
    const s = sloStatus({
      target: 0.999,
      windowFrom: new Date(later.getTime() - 30 * DAY),
      windowLengthMs: 30 * DAY,
      intervals,
      maintenance: [],
      now: later,
    });
    expect(s.downtimeMs).toBe(30 * MIN);
  });

  it('maintenance comes off both the downtime and the window length', () => {
    const maintenance: TimeRange[] = [{ start: ago(3 * DAY), end: ago(3 * DAY - 10 * HOUR) }];
    // A one-hour outage whose first half falls in the maintenance window.
    const intervals = [outage(3 * DAY - 9.5 * HOUR, 3 * DAY - 10.5 * HOUR)];
    const s = sloStatus({ target: 0.999, ...rolling30, intervals, maintenance, now });
    expect(s.downtimeMs).toBe(30 * MIN);
    expect(s.measuredMs).toBe(710 * HOUR);
    expect(s.availability).toBeCloseTo(1 - 0.5 / 710, 12);
    expect(s.budgetMs).toBe(42 * MIN + 36 * SEC); // 0.1 % of 710 h
  });

  it('calendar month: availability and budget both over the whole (DST-long) month, one denominator', () => {
    const tz = 'Europe/Berlin';
    const now2 = new Date('2026-10-10T22:00:00Z'); // 11 Oct 00:00 CEST: 10 days elapsed
    const w = objectiveWindow({ kind: 'calendar', unit: 'month' }, now2, tz);
    expect(w.lengthMs).toBe(745 * HOUR);
    const s = sloStatus({
      target: 0.999,
      windowFrom: w.from,
      windowLengthMs: w.lengthMs,
      intervals: [{ start: new Date('2026-10-05T10:00:00Z'), end: new Date('2026-10-05T11:00:00Z'), weight: 1 }],
      maintenance: [],
      now: now2,
    });
    expect(s.measuredMs).toBe(745 * HOUR);
    // October's attainment if nothing else goes down, not 1 − 1/240 "so far".
    expect(s.availability).toBeCloseTo(1 - 1 / 745, 12);
    expect(s.budgetMs).toBe(44 * MIN + 42 * SEC); // 0.1 % of 745 h
    expect(s.remainingMs).toBe(44 * MIN + 42 * SEC - HOUR); // overspent
    expect(s.consumedFraction).toBeGreaterThan(1);
    expect(s.remainingFraction).toBeCloseTo(1 - HOUR / (2_682 * SEC), 12);
    // Overspent and below target, together.
    expect(s.availability).toBeLessThan(0.999);
  });

  it('calendar month: maintenance later this month comes off the one denominator', () => {
    const now2 = new Date('2026-10-10T22:00:00Z');
    const from = new Date('2026-09-30T22:00:00Z');
    const maintenance = [{ start: new Date('2026-10-20T00:00:00Z'), end: new Date('2026-10-20T05:00:00Z') }];
    const intervals = [{ start: new Date('2026-10-05T10:00:00Z'), end: new Date('2026-10-05T10:20:00Z'), weight: 1 }];
    const s = sloStatus({ target: 0.999, windowFrom: from, windowLengthMs: 745 * HOUR, intervals, maintenance, now: now2 });
    expect(s.measuredMs).toBe(740 * HOUR);
    expect(s.budgetMs).toBe(allowedDowntime(0.999, 740 * HOUR));
    expect(s.availability).toBeCloseTo(1 - (20 * MIN) / (740 * HOUR), 12);
  });

  it('nothing after now counts: an interval ending in the future is cut at now', () => {
    const s = sloStatus({
      target: 0.999,
      windowFrom: ago(DAY),
      windowLengthMs: 2 * DAY,
      intervals: [outage(HOUR, -HOUR)],
      maintenance: [],
      now,
    });
    expect(s.measuredMs).toBe(2 * DAY);
    expect(s.downtimeMs).toBe(HOUR);
  });

  it('at the very start of a calendar window: no downtime yet, the whole budget left', () => {
    const s = sloStatus({
      target: 0.999,
      windowFrom: now,
      windowLengthMs: 30 * DAY,
      intervals: [outage(HOUR, null)],
      maintenance: [],
      now,
    });
    expect(s.availability).toBe(1);
    expect(s.downtimeMs).toBe(0);
    expect(s.remainingMs).toBe(s.budgetMs);
  });

  it('a window that is all maintenance measures nothing: availability 1, no budget, none spent', () => {
    const s = sloStatus({ target: 0.999, windowFrom: ago(DAY), windowLengthMs: DAY, intervals: [outage(HOUR, null)], maintenance: [{ start: ago(2 * DAY), end: ago(-DAY) }], now });
    expect(s).toMatchObject({ availability: 1, downtimeMs: 0, measuredMs: 0, budgetMs: 0, remainingMs: 0 });
  });

  it('rejects a 100 % target and an empty window', () => {
    expect(() => sloStatus({ target: 1, ...rolling30, intervals: [], maintenance: [], now })).toThrow(BadArgumentError);
    expect(() => sloStatus({ target: 0.999, ...rolling30, windowLengthMs: 0, intervals: [], maintenance: [], now })).toThrow(
      BadArgumentError,
    );
  });

  it('remaining = budget − downtime and the fractions agree (property)', () => {
    const intervalArb = fc
      .record({
        start: fc.integer({ min: 0, max: 30 * DAY }),
        length: fc.integer({ min: 0, max: 6 * HOUR }),
        weight: fc.constantFrom(0.25, 0.5, 1),
      })
      .map(({ start, length, weight }) => ({ start: ago(start), end: ago(Math.max(0, start - length)), weight }));
    fc.assert(
      fc.property(fc.array(intervalArb, { maxLength: 10 }), fc.constantFrom(0.99, 0.999, 0.9995), (intervals, target) => {
        const s = sloStatus({ target, ...rolling30, intervals, maintenance: [], now });
        expect(s.remainingMs).toBe(s.budgetMs - s.downtimeMs);
        expect(s.consumedFraction + s.remainingFraction).toBeCloseTo(1, 12);
        expect(s.availability).toBeGreaterThanOrEqual(0);
        expect(s.availability).toBeLessThanOrEqual(1);
        expect(s.availability).toBeCloseTo(1 - s.downtimeMs / s.measuredMs, 12);
      }),
    );
  });
});
