import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_24X7,
  WEEKDAYS,
  addBusinessTime,
  businessTimeBetween,
  parseWeeklyHours,
  type Calendar,
} from '../../../src/calendar/index.ts';
import { HOUR, offsetChanges, referenceBetween } from './helpers.ts';

/** DST zones in both hemispheres, midnight and half-hour transitions, odd offsets, and no-DST zones. */
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago',
  'Pacific/Auckland',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Africa/Casablanca',
  'Asia/Kolkata',
];

const T0 = Date.UTC(2019, 5, 1);
const T1 = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// Half-hour steps make intervals start and end on DST transitions often; arbitrary minutes cover the rest.
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 47 }).map((h) => h * 30), fc.integer({ min: 0, max: 1439 }));
const interval = fc
  .tuple(minuteOfDay, fc.oneof(minuteOfDay, fc.constant(1440)))
  .filter(([s, e]) => s !== e)
  .map(([s, e]): [string, string] => [hhmm(s), hhmm(e)]);

const calendarArb: fc.Arbitrary<Calendar> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    days: fc.tuple(...WEEKDAYS.map(() => fc.array(interval, { maxLength: 3 }))),
    holidays: fc.array(fc.integer({ min: 0, max: Math.floor((T1 - T0) / DAY) + 10 }), { maxLength: 25 }),
  })
  .filter(({ days }) => days.some((d) => d.length > 0))
  .map(({ timezone, days, holidays }) => ({
    timezone,
    weekly: Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]!])),
    holidays: holidays.map((n) => new Date(T0 + n * DAY).toISOString().slice(0, 10)),
  }));

const instant = fc.integer({ min: T0, max: T1 }).map((t) => new Date(t));

/** Each zone's offset changes in [T0, T1], found with luxon directly (daily samples, then bisection). */
const transitions = new Map<string, number[]>(ZONES.map((zone) => [zone, offsetChanges(zone, T0, T1)]));

/** An instant within three days of one of the zone's transitions, or anywhere when it has none. */
function instantNear(zone: string): fc.Arbitrary<Date> {
  const changes = transitions.get(zone) ?? [];
  if (changes.length === 0) return instant;
  return fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
    .map(([t, delta]) => new Date(t + delta));
}

/** A random calendar with instants that land near its zone's DST transitions half of the time. */
const withInstants = (count: number): fc.Arbitrary<[Calendar, Date[]]> =>
  calendarArb.chain((c) =>
    fc.tuple(fc.constant(c), fc.array(fc.oneof(instant, instantNear(c.timezone)), { minLength: count, maxLength: count })),
  );
// Durations from a millisecond to ~6 weeks of business time; sparse calendars make that span months.
const duration = fc.oneof(fc.integer({ min: 0, max: 6 * 7 * DAY }), fc.integer({ min: 0, max: 10 * HOUR }));
const RUNS = { numRuns: 300 };

describe('business time properties (random calendars and zones)', () => {
  it('round trip: businessTimeBetween(a, addBusinessTime(a, d)) === d', () => {
    fc.assert(
      fc.property(withInstants(1), duration, ([c, [a]], d) => {
        const t = addBusinessTime(c, a!, d);
        expect(businessTimeBetween(c, a!, t)).toBe(d);
      }),
      RUNS,
    );
  });

  it('addBusinessTime returns the earliest such instant', () => {
    fc.assert(
      fc.property(withInstants(1), duration, ([c, [a]], d) => {
        const t = addBusinessTime(c, a!, d);
        expect(t.getTime()).toBeGreaterThanOrEqual(a!.getTime());
        if (d === 0) expect(t.getTime()).toBe(a!.getTime());
        else expect(businessTimeBetween(c, a!, new Date(t.getTime() - 1))).toBeLessThan(d);
      }),
      RUNS,
    );
  });

  it('additivity: btb(a, c) = btb(a, b) + btb(b, c) for a <= b <= c', () => {
    fc.assert(
      fc.property(withInstants(3), ([cal, points]) => {
        const [a, b, c] = [...points].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        expect(businessTimeBetween(cal, a, c)).toBe(businessTimeBetween(cal, a, b) + businessTimeBetween(cal, b, c));
      }),
      RUNS,
    );
  });

  it('monotonicity and bounds: 0 <= btb <= wall time, growing with the end, add growing with d', () => {
    fc.assert(
      fc.property(withInstants(3), duration, duration, ([cal, [a, x, y]], d1, d2) => {
        const [b, c] = x!.getTime() <= y!.getTime() ? [x!, y!] : [y!, x!];
        const ab = businessTimeBetween(cal, a!, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.max(0, b.getTime() - a!.getTime()));
        expect(businessTimeBetween(cal, a!, c)).toBeGreaterThanOrEqual(ab);
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addBusinessTime(cal, a!, short).getTime()).toBeLessThanOrEqual(addBusinessTime(cal, a!, long).getTime());
      }),
      RUNS,
    );
  });

  it('matches an independent luxon-per-interval reference on short windows', () => {
    fc.assert(
      fc.property(withInstants(1), fc.integer({ min: 0, max: 4 * DAY }), ([c, [a]], width) => {
        const b = new Date(a!.getTime() + width);
        expect(businessTimeBetween(c, a!, b)).toBe(referenceBetween(c, a!, b));
      }),
      { numRuns: 200 },
    );
  });

  it('finds DST transitions to test near', () => {
    // Guards the generator: two a year in each seasonal zone, none in UTC or Kolkata.
    expect(transitions.get('Europe/Berlin')).toHaveLength(14);
    expect(transitions.get('Australia/Lord_Howe')).toHaveLength(14);
    expect(transitions.get('UTC')).toHaveLength(0);
    expect(transitions.get('Asia/Kolkata')).toHaveLength(0);
  });

  it('a 24x7 calendar in any zone equals wall time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, instant, duration, (zone, x, y, d) => {
        const [a, b] = [new Date(Math.min(x.getTime(), y.getTime())), y.getTime() >= x.getTime() ? y : x];
        const allTime: Calendar = { timezone: zone, weekly: parseWeeklyHours('24x7') };
        const wall = Math.max(0, b.getTime() - a.getTime());
        expect(businessTimeBetween(allTime, a, b)).toBe(wall);
        expect(businessTimeBetween(CALENDAR_24X7, a, b)).toBe(wall);
        expect(addBusinessTime(allTime, a, d).getTime()).toBe(a.getTime() + d);
        expect(addBusinessTime(CALENDAR_24X7, a, d).getTime()).toBe(a.getTime() + d);
      }),
      RUNS,
    );
  });
});
