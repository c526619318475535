import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, type Calendar } from '../../../src/calendar/index.ts';
import { calendarCacheSizes } from '../../../src/calendar/compile.ts';
import { DAY_MS, MINUTE_MS, dayNumber, parseIsoDate, weekdayIndex } from '../../../src/calendar/local-date.ts';
import { Lru } from '../../../src/calendar/lru.ts';
import { localToInstant, zoneYear } from '../../../src/calendar/zone-table.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'America/Santiago', 'Australia/Lord_Howe', 'Africa/Casablanca'];

/** docs/semantics.md §1 straight from luxon: earliest of the possible offsets; luxon shifts gap times forward. */
function luxonInstant(zone: string, year: number, month: number, day: number, minute: number): number {
  const dt = DateTime.fromObject({ year, month, day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone });
  return Math.min(...dt.getPossibleOffsets().map((x) => x.toMillis()));
}

describe('local-date', () => {
  it('numbers days like Date.UTC and knows weekdays', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [2024, 12, 31], [1, 1, 1], [9999, 12, 31]] as const) {
      const viaDate = new Date(0);
      viaDate.setUTCFullYear(y, m - 1, d);
      expect(dayNumber(y, m, d) * DAY_MS).toBe(viaDate.getTime());
      expect(weekdayIndex(dayNumber(y, m, d))).toBe((viaDate.getUTCDay() + 6) % 7);
    }
    expect(parseIsoDate('2024-02-29')).toBe(dayNumber(2024, 2, 29));
    expect(parseIsoDate('2100-02-29')).toBeUndefined();
  });
});

describe('zone table', () => {
  it('converts local times exactly as luxon does under docs/semantics.md §1 (random days, minutes near 00:00–04:00)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: dayNumber(2000, 1, 1), max: dayNumber(2035, 12, 31) }),
        fc.oneof(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 1300, max: 1439 })),
        (zone, day, minute) => {
          const date = new Date(day * DAY_MS);
          const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
          expect(localToInstant(zoneYear(zone, y), day * DAY_MS + minute * MINUTE_MS)).toBe(luxonInstant(zone, y, m, d, minute));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('converts every minute of transition days exactly as luxon does', () => {
    const days: Array<[string, string]> = [
      ['Europe/Berlin', '2024-03-31'],
      ['Europe/Berlin', '2024-10-27'],
      ['America/New_York', '2024-11-03'],
      ['Australia/Sydney', '2024-04-07'],
      ['America/Santiago', '2024-09-08'],
      ['America/Santiago', '2024-04-06'],
      ['Australia/Lord_Howe', '2024-10-06'],
    ];
    for (const [zone, iso] of days) {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      const table = zoneYear(zone, y);
      for (let minute = 0; minute < 1440; minute += 5) {
        expect(localToInstant(table, dayNumber(y, m, d) * DAY_MS + minute * MINUTE_MS)).toBe(luxonInstant(zone, y, m, d, minute));
      }
    }
  });

  it('reads local-mean-time offsets with seconds', () => {
    // Berlin before 1893 ran on LMT +00:53:28.
    expect(localToInstant(zoneYear('Europe/Berlin', 1880), dayNumber(1880, 6, 1) * DAY_MS)).toBe(
      Date.UTC(1880, 5, 1) - (53 * 60 + 28) * 1000,
    );
  });
});

describe('bounded caches', () => {
  it('Lru evicts the least recently used entry', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now newer than b
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('keeps compiled calendars and year tables bounded however many calendars are used', () => {
    const from = new Date(Date.UTC(2024, 0, 1));
    for (let i = 0; i < 700; i++) {
      // 700 distinct calendars: more than either cache holds.
      const end = `${String(11 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      const c: Calendar = { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']], tue: [['10:00', end]] }, holidays: [`2024-01-${String((i % 28) + 1).padStart(2, '0')}`] };
      expect(addBusinessTime(c, from, 1)).toBeInstanceOf(Date);
    }
    const sizes = calendarCacheSizes();
    expect(sizes.compiled).toBeLessThanOrEqual(256);
    expect(sizes.yearTables).toBeLessThanOrEqual(512);
    expect(sizes.zoneYears).toBeLessThanOrEqual(256);
  });

  it('adds up spans of a century and more, one year table at a time', () => {
    const mondaysOnly: Calendar = { timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '17:00']] } };
    // 2001-01-01 is a Monday, so the span holds ceil(days / 7) Mondays.
    const mondays = Math.ceil((dayNumber(2151, 1, 1) - dayNumber(2001, 1, 1)) / 7);
    expect(businessTimeBetween(mondaysOnly, new Date(Date.UTC(2001, 0, 1)), new Date(Date.UTC(2151, 0, 1)))).toBe(mondays * 8 * 3_600_000);
    expect(calendarCacheSizes().yearTables).toBeLessThanOrEqual(512);
  });
});
