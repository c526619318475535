import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BadArgumentError } from '../../../src/errors.ts';
import {
  DEFAULT_DEGRADED_WEIGHT,
  impactWeight,
  maintenanceTime,
  weightedDowntime,
  type ImpactInterval,
  type TimeRange,
} from '../../../src/slo/downtime.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 5, 1); // an arbitrary origin; everything below is minutes after it
const t = (minutes: number): Date => new Date(T0 + minutes * MIN);
const iv = (start: number, end: number | null, weight = 1): ImpactInterval => ({
  start: t(start),
  end: end === null ? null : t(end),
  weight,
});
const mw = (start: number, end: number): TimeRange => ({ start: t(start), end: t(end) });
const FAR = t(400 * 24 * 60); // "now" well after every range below

describe('impactWeight', () => {
  it('outage weighs 1, none 0, degraded the service weight (default 0.5)', () => {
    expect(impactWeight('outage')).toBe(1);
    expect(impactWeight('none')).toBe(0);
    expect(impactWeight('degraded')).toBe(0.5);
    // The exported default is the weight a degraded incident gets when its service sets none.
    expect(impactWeight('degraded')).toBe(impactWeight('degraded', DEFAULT_DEGRADED_WEIGHT));
    expect(impactWeight('degraded', 0.3)).toBe(0.3);
    expect(impactWeight('outage', 0.3)).toBe(1);
  });

  it.each([1.5, -0.1, Number.NaN])('rejects degraded weight %d', (w) => {
    expect(() => impactWeight('degraded', w)).toThrow(BadArgumentError);
  });
});

describe('maintenanceTime', () => {
  it('measures the union, clipped to [from, to)', () => {
    expect(maintenanceTime([mw(10, 20), mw(15, 30), mw(40, 50)], t(0), t(100))).toBe(30 * MIN);
    expect(maintenanceTime([mw(10, 20), mw(10, 20)], t(0), t(100))).toBe(10 * MIN);
    expect(maintenanceTime([mw(-10, 5), mw(95, 200)], t(0), t(100))).toBe(10 * MIN);
    expect(maintenanceTime([mw(200, 300)], t(0), t(100))).toBe(0);
    expect(maintenanceTime([], t(0), t(100))).toBe(0);
  });

  it('touching windows join without double counting', () => {
    expect(maintenanceTime([mw(0, 10), mw(10, 20)], t(0), t(100))).toBe(20 * MIN);
  });
});

describe('weightedDowntime', () => {
  it('counts a closed outage inside the range in full', () => {
    expect(weightedDowntime([iv(10, 40)], [], t(0), t(100), FAR)).toBe(30 * MIN);
  });

  it('clips intervals to [from, to)', () => {
    expect(weightedDowntime([iv(-30, 20), iv(90, 130)], [], t(0), t(100), FAR)).toBe(30 * MIN);
    expect(weightedDowntime([iv(100, 130)], [], t(0), t(100), FAR)).toBe(0);
  });

  it('counts an ongoing incident up to now', () => {
    expect(weightedDowntime([iv(10, null)], [], t(0), t(100), t(25))).toBe(15 * MIN);
    // to before now: ongoing counts up to `to`
    expect(weightedDowntime([iv(10, null)], [], t(0), t(100), FAR)).toBe(90 * MIN);
  });

  it('never counts the future, even when an end lies after now', () => {
    expect(weightedDowntime([iv(10, 80)], [], t(0), t(100), t(30))).toBe(20 * MIN);
    expect(weightedDowntime([iv(50, 80)], [], t(0), t(100), t(30))).toBe(0);
  });

  it('overlapping outages do not add up', () => {
    expect(weightedDowntime([iv(0, 60), iv(30, 90)], [], t(0), t(200), FAR)).toBe(90 * MIN);
    expect(weightedDowntime([iv(0, 60), iv(0, 60), iv(0, 60)], [], t(0), t(200), FAR)).toBe(60 * MIN);
  });

  it('the heaviest weight counts at each instant, not the sum', () => {
    // degraded 0–60 at 0.5 with an outage 20–40 inside it: 20 min × 1 + 40 min × 0.5
    expect(weightedDowntime([iv(0, 60, 0.5), iv(20, 40, 1)], [], t(0), t(200), FAR)).toBe(40 * MIN);
    // two degraded incidents overlapping: still 0.5, not 1
    expect(weightedDowntime([iv(0, 60, 0.5), iv(30, 90, 0.5)], [], t(0), t(200), FAR)).toBe(45 * MIN);
    // a light incident nested in a heavy one adds nothing
    expect(weightedDowntime([iv(0, 100, 1), iv(10, 20, 0.5)], [], t(0), t(200), FAR)).toBe(100 * MIN);
  });

  it('a heavy interval ending while lighter ones go on hands over to the next heaviest', () => {
    const intervals = [iv(0, 100, 0.25), iv(10, 30, 1), iv(20, 50, 0.5)];
    // 0–10 .25, 10–30 1, 30–50 .5, 50–100 .25
    expect(weightedDowntime(intervals, [], t(0), t(200), FAR)).toBe((10 * 0.25 + 20 + 20 * 0.5 + 50 * 0.25) * MIN);
  });

  it('degraded impact counts at its weight; none counts nothing', () => {
    expect(weightedDowntime([iv(0, 60, impactWeight('degraded'))], [], t(0), t(100), FAR)).toBe(30 * MIN);
    expect(weightedDowntime([iv(0, 60, impactWeight('degraded', 0.2))], [], t(0), t(100), FAR)).toBe(12 * MIN);
    expect(weightedDowntime([iv(0, 60, impactWeight('none'))], [], t(0), t(100), FAR)).toBe(0);
  });

  it('maintenance time does not count', () => {
    expect(weightedDowntime([iv(0, 60)], [mw(10, 20), mw(15, 30)], t(0), t(100), FAR)).toBe(40 * MIN);
    expect(weightedDowntime([iv(0, 60, 0.5)], [mw(0, 60)], t(0), t(100), FAR)).toBe(0);
    expect(weightedDowntime([iv(0, 60)], [mw(60, 90)], t(0), t(100), FAR)).toBe(60 * MIN);
  });

  it('maintenance spanning several weight changes is removed from each', () => {
    const intervals = [iv(0, 100, 0.5), iv(20, 40, 1)];
    // maintenance 10–50: left are 0–10 at .5 and 50–100 at .5
    expect(weightedDowntime(intervals, [mw(10, 50)], t(0), t(200), FAR)).toBe(30 * MIN);
  });

  it('an interval that ends before it starts measures nothing', () => {
    expect(weightedDowntime([iv(50, 40)], [], t(0), t(100), FAR)).toBe(0);
  });

  it('an empty or reversed range measures nothing', () => {
    expect(weightedDowntime([iv(0, 100)], [], t(50), t(50), FAR)).toBe(0);
    expect(weightedDowntime([iv(0, 100)], [], t(60), t(50), FAR)).toBe(0);
  });

  it('rejects weights outside [0, 1]', () => {
    expect(() => weightedDowntime([iv(0, 10, 2)], [], t(0), t(100), FAR)).toThrow(BadArgumentError);
    expect(() => weightedDowntime([iv(0, 10, -1)], [], t(0), t(100), FAR)).toThrow(BadArgumentError);
  });

  it('is exact to the millisecond over a year of 100 000 intervals (it does not walk minutes)', () => {
    // Boundaries off the minute (7 ms after it, up to 996 ms after it): a minute-stepping computation
    // could not get the total right. Disjoint intervals, so the exact answer is a plain sum.
    const weight = (i: number) => (i % 4) / 4 + 0.25;
    const intervals: ImpactInterval[] = [];
    for (let i = 0; i < 100_000; i++) {
      intervals.push({ start: new Date(t(i * 5).getTime() + 7), end: new Date(t(i * 5 + 3).getTime() + (i % 997)), weight: weight(i) });
    }
    // Maintenance covers intervals 0–199 and 40 000–41 999 entirely.
    const maintenance = [mw(0, 1000), mw(200_000, 210_000)];
    let expected = 0;
    for (let i = 0; i < 100_000; i++) if (!(i < 200 || (i >= 40_000 && i < 42_000))) expected += weight(i) * (3 * MIN + (i % 997) - 7);
    expect(weightedDowntime(intervals, maintenance, t(0), t(365 * 24 * 60), FAR)).toBe(expected);
    // One long incident over a whole year: one segment, exact.
    expect(weightedDowntime([iv(0, null)], [], t(0), t(365 * 24 * 60), FAR)).toBe(365 * DAY);
  });
});

// ---- properties ----------------------------------------------------------------------------------

/** Weights whose products with integer ms sum exactly in doubles, so equalities can be exact. */
const dyadicWeight = fc.constantFrom(0, 0.25, 0.5, 0.75, 1);
const SPAN = 200; // ms; small so that a per-ms model can check the sweep

const intervalArb = (weight: fc.Arbitrary<number>) =>
  fc
    .record({
      start: fc.integer({ min: -20, max: SPAN + 20 }),
      length: fc.integer({ min: -5, max: 120 }),
      ongoing: fc.boolean(),
      weight,
    })
    .map(({ start, length, ongoing, weight: w }) => ({
      start: new Date(T0 + start),
      end: ongoing ? null : new Date(T0 + start + length),
      weight: w,
    }));
const rangeArb = fc
  .record({ start: fc.integer({ min: -20, max: SPAN + 20 }), length: fc.integer({ min: 0, max: 80 }) })
  .map(({ start, length }) => ({ start: new Date(T0 + start), end: new Date(T0 + start + length) }));
const msArb = fc.integer({ min: -10, max: SPAN + 10 }).map((ms) => new Date(T0 + ms));

/** Per-millisecond model of docs/semantics.md §3, for checking the sweep on small spans. */
function naive(intervals: ImpactInterval[], maintenance: TimeRange[], from: Date, to: Date, now: Date): number {
  let total = 0;
  const end = Math.min(to.getTime(), now.getTime());
  for (let ms = from.getTime(); ms < end; ms++) {
    if (maintenance.some((m) => m.start.getTime() <= ms && ms < m.end.getTime())) continue;
    let heaviest = 0;
    for (const i of intervals) {
      const iEnd = i.end === null ? now.getTime() : i.end.getTime();
      if (i.start.getTime() <= ms && ms < iEnd) heaviest = Math.max(heaviest, i.weight);
    }
    total += heaviest;
  }
  return total;
}

describe('weightedDowntime properties', () => {
  const intervals = fc.array(intervalArb(dyadicWeight), { maxLength: 12 });
  const maintenance = fc.array(rangeArb, { maxLength: 4 });
  const anyWeightIntervals = fc.array(intervalArb(fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 12 });
  const withShuffle = <T,>(arb: fc.Arbitrary<T[]>) =>
    arb.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })));

  it('agrees with a per-millisecond model', () => {
    fc.assert(
      fc.property(intervals, maintenance, msArb, msArb, msArb, (is, ms, from, to, now) => {
        expect(weightedDowntime(is, ms, from, to, now)).toBe(naive(is, ms, from, to, now));
      }),
    );
  });

  it('never exceeds the range minus its maintenance', () => {
    fc.assert(
      fc.property(anyWeightIntervals, maintenance, msArb, msArb, msArb, (is, ms, from, to, now) => {
        const end = new Date(Math.max(from.getTime(), Math.min(to.getTime(), now.getTime())));
        const available = end.getTime() - from.getTime() - maintenanceTime(ms, from, end);
        const d = weightedDowntime(is, ms, from, to, now);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(available + 1e-9);
      }),
    );
  });

  it('does not depend on the order of intervals or maintenance windows', () => {
    // Exact equality even with arbitrary weights: segments are summed in time order whatever the input order.
    fc.assert(
      fc.property(
        withShuffle(anyWeightIntervals),
        withShuffle(maintenance),
        msArb,
        msArb,
        ([is, shuffled], [ms, msShuffled], from, to) => {
          const now = new Date(T0 + SPAN);
          expect(weightedDowntime(shuffled, msShuffled, from, to, now)).toBe(weightedDowntime(is, ms, from, to, now));
        },
      ),
    );
  });

  it('is at most the sum of each interval counted alone', () => {
    fc.assert(
      fc.property(anyWeightIntervals, maintenance, msArb, msArb, msArb, (is, ms, from, to, now) => {
        const sum = is.reduce((acc, i) => acc + weightedDowntime([i], ms, from, to, now), 0);
        expect(weightedDowntime(is, ms, from, to, now)).toBeLessThanOrEqual(sum + 1e-9);
      }),
    );
  });

  it('splitting [from, to) at any point is additive', () => {
    fc.assert(
      fc.property(intervals, maintenance, msArb, msArb, msArb, msArb, (is, ms, a, b, c, now) => {
        const [from, mid, to] = [a, b, c].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
        expect(weightedDowntime(is, ms, from, mid, now) + weightedDowntime(is, ms, mid, to, now)).toBe(
          weightedDowntime(is, ms, from, to, now),
        );
      }),
    );
  });

  it('more maintenance never means more downtime', () => {
    fc.assert(
      fc.property(intervals, maintenance, rangeArb, msArb, msArb, (is, ms, extra, from, to) => {
        const now = new Date(T0 + SPAN);
        expect(weightedDowntime(is, [...ms, extra], from, to, now)).toBeLessThanOrEqual(
          weightedDowntime(is, ms, from, to, now),
        );
      }),
    );
  });
});
