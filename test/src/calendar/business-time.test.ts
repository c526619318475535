import { describe, expect, it } from 'vitest';
import { BadArgumentError } from '../../../src/errors.ts';
import {
  CALENDAR_24X7,
  addBusinessTime,
  businessTimeBetween,
  parseWeeklyHours,
  type Calendar,
} from '../../../src/calendar/index.ts';
import { HOUR, MINUTE, local, utc, wall } from './helpers.ts';

const BERLIN = 'Europe/Berlin';
const office: Calendar = { timezone: BERLIN, weekly: parseWeeklyHours('mon-fri 09:00-17:00') };
const at = (iso: string): Date => local(BERLIN, iso);

describe('docs/semantics.md §1 examples (Mon–Fri 09–17)', () => {
  it('Fri 09:00 + 8 h is Fri 17:00, not Mon 09:00', () => {
    expect(wall(BERLIN, addBusinessTime(office, at('2025-06-13T09:00'), 8 * HOUR))).toBe('2025-06-13T17:00:00');
  });

  it('Sat 13:14 + 2 h is Mon 11:00', () => {
    expect(wall(BERLIN, addBusinessTime(office, at('2025-06-14T13:14'), 2 * HOUR))).toBe('2025-06-16T11:00:00');
  });
});

describe('businessTimeBetween', () => {
  it('measures the overlap with working time', () => {
    expect(businessTimeBetween(office, at('2025-06-13T10:00'), at('2025-06-13T12:30'))).toBe(2.5 * HOUR);
    expect(businessTimeBetween(office, at('2025-06-13T08:00'), at('2025-06-13T20:00'))).toBe(8 * HOUR);
    expect(businessTimeBetween(office, at('2025-06-13T16:00'), at('2025-06-16T10:00'))).toBe(2 * HOUR);
    expect(businessTimeBetween(office, at('2025-06-14T00:00'), at('2025-06-15T23:59'))).toBe(0);
  });

  it('is 0 when to <= from', () => {
    expect(businessTimeBetween(office, at('2025-06-13T12:00'), at('2025-06-13T12:00'))).toBe(0);
    expect(businessTimeBetween(office, at('2025-06-13T12:00'), at('2025-06-13T10:00'))).toBe(0);
  });

  it('counts a year of office hours with holidays', () => {
    // 2025 has 261 weekdays; three holidays fall on weekdays, one (2025-12-27) on a Saturday.
    const withHolidays: Calendar = { ...office, holidays: ['2025-01-01', '2025-05-01', '2025-12-25', '2025-12-27'] };
    const year = [at('2025-01-01T00:00'), at('2026-01-01T00:00')] as const;
    expect(businessTimeBetween(office, ...year)).toBe(261 * 8 * HOUR);
    expect(businessTimeBetween(withHolidays, ...year)).toBe(258 * 8 * HOUR);
  });

  it('spans many years', () => {
    const tenYears = businessTimeBetween(office, at('2020-01-01T00:00'), at('2030-01-01T00:00'));
    let sum = 0;
    for (let y = 2020; y < 2030; y++) sum += businessTimeBetween(office, at(`${y}-01-01T00:00`), at(`${y + 1}-01-01T00:00`));
    expect(tenYears).toBe(sum);
    expect(tenYears).toBe(2609 * 8 * HOUR);
  });

  it('rejects invalid dates', () => {
    expect(() => businessTimeBetween(office, new Date(NaN), new Date())).toThrow(BadArgumentError);
  });
});

describe('addBusinessTime', () => {
  it('returns start for ms = 0, even outside working time', () => {
    const saturday = at('2025-06-14T13:14');
    expect(addBusinessTime(office, saturday, 0).getTime()).toBe(saturday.getTime());
  });

  it('starts at the next window when outside working time', () => {
    expect(wall(BERLIN, addBusinessTime(office, at('2025-06-16T07:00'), 1))).toBe('2025-06-16T09:00:00');
    expect(wall(BERLIN, addBusinessTime(office, at('2025-06-16T18:00'), 30 * MINUTE))).toBe('2025-06-17T09:30:00');
  });

  it('carries over nights and weekends', () => {
    // Thu 15:00 + 10 h: 2 h on Thursday, 8 h on Friday; one more millisecond is on Monday.
    expect(wall(BERLIN, addBusinessTime(office, at('2025-06-12T15:00'), 10 * HOUR))).toBe('2025-06-13T17:00:00');
    expect(addBusinessTime(office, at('2025-06-12T15:00'), 10 * HOUR + 1).getTime()).toBe(at('2025-06-16T09:00').getTime() + 1);
  });

  it('adds a year of working days', () => {
    const end = addBusinessTime(office, at('2025-01-01T00:00'), 261 * 8 * HOUR);
    expect(wall(BERLIN, end)).toBe('2025-12-31T17:00:00');
  });

  it('rejects negative, fractional and non-finite durations', () => {
    for (const ms of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addBusinessTime(office, at('2025-06-13T09:00'), ms)).toThrow(BadArgumentError);
    }
  });

  it('throws instead of looping for a calendar without working time', () => {
    const never: Calendar = { timezone: 'UTC', weekly: {} };
    expect(() => addBusinessTime(never, utc('2025-01-01T00:00'), 1)).toThrow(/no working hours/);
    expect(addBusinessTime(never, utc('2025-01-01T00:00'), 0)).toEqual(utc('2025-01-01T00:00'));
    expect(businessTimeBetween(never, utc('2025-01-01T00:00'), utc('2026-01-01T00:00'))).toBe(0);
  });

  it('throws when holidays blank out every working day for decades', () => {
    // Mondays are the only working days, and every Monday for 65 years is a holiday.
    const mondays: string[] = [];
    for (let d = Date.UTC(2025, 0, 6); d < Date.UTC(2090, 0, 1); d += 7 * 86_400_000) mondays.push(new Date(d).toISOString().slice(0, 10));
    const mondaysOff: Calendar = { timezone: 'UTC', weekly: { mon: [['09:00', '10:00']] }, holidays: mondays };
    expect(() => addBusinessTime(mondaysOff, utc('2025-01-01T00:00'), HOUR)).toThrow(/no working time in 50 years/);
  });

  it('finds working time after a run of holiday-blanked years', () => {
    const mondays: string[] = [];
    for (let d = Date.UTC(2025, 0, 6); d < Date.UTC(2035, 0, 1); d += 7 * 86_400_000) mondays.push(new Date(d).toISOString().slice(0, 10));
    const calendar: Calendar = { timezone: 'UTC', weekly: { mon: [['09:00', '10:00']] }, holidays: mondays };
    // 2035-01-01 is a Monday.
    expect(addBusinessTime(calendar, utc('2025-01-01T00:00'), 30 * MINUTE)).toEqual(utc('2035-01-01T09:30'));
  });
});

describe('union of intervals', () => {
  it('merges adjacent intervals so a window ends at the union end', () => {
    const split: Calendar = { timezone: 'UTC', weekly: { mon: [['09:00', '12:00'], ['12:00', '17:00']] } };
    expect(businessTimeBetween(split, utc('2025-06-16T00:00'), utc('2025-06-17T00:00'))).toBe(8 * HOUR);
    expect(addBusinessTime(split, utc('2025-06-16T09:00'), 3 * HOUR)).toEqual(utc('2025-06-16T12:00'));
    expect(addBusinessTime(split, utc('2025-06-16T09:00'), 8 * HOUR)).toEqual(utc('2025-06-16T17:00'));
  });

  it('counts overlapping intervals once', () => {
    const overlap: Calendar = { timezone: 'UTC', weekly: { mon: [['12:00', '17:00'], ['09:00', '13:00'], ['10:00', '11:00']] } };
    expect(businessTimeBetween(overlap, utc('2025-06-16T00:00'), utc('2025-06-17T00:00'))).toBe(8 * HOUR);
  });

  it('joins a 24:00 end with the next day 00:00 start', () => {
    const evening: Calendar = { timezone: BERLIN, weekly: { mon: [['20:00', '24:00']], tue: [['00:00', '04:00']] } };
    expect(businessTimeBetween(evening, at('2025-06-16T00:00'), at('2025-06-18T00:00'))).toBe(8 * HOUR);
    expect(wall(BERLIN, addBusinessTime(evening, at('2025-06-16T20:00'), 4 * HOUR))).toBe('2025-06-17T00:00:00');
    expect(wall(BERLIN, addBusinessTime(evening, at('2025-06-16T20:00'), 8 * HOUR))).toBe('2025-06-17T04:00:00');
  });

  it('merges an overnight interval with the next day hours', () => {
    const shifts: Calendar = { timezone: 'UTC', weekly: { mon: [['22:00', '06:00']], tue: [['06:00', '14:00']] } };
    expect(businessTimeBetween(shifts, utc('2025-06-16T00:00'), utc('2025-06-18T00:00'))).toBe(16 * HOUR);
    expect(addBusinessTime(shifts, utc('2025-06-16T22:00'), 8 * HOUR)).toEqual(utc('2025-06-17T06:00'));
  });
});

describe('overnight intervals (Fri 23:00–07:00)', () => {
  const night: Calendar = { timezone: BERLIN, weekly: parseWeeklyHours('fri 23:00-07:00') };
  // 2025-06-13 is a Friday.
  it('counts from Friday night into Saturday morning', () => {
    expect(businessTimeBetween(night, at('2025-06-13T00:00'), at('2025-06-15T00:00'))).toBe(8 * HOUR);
    expect(businessTimeBetween(night, at('2025-06-14T00:00'), at('2025-06-14T12:00'))).toBe(7 * HOUR);
    expect(wall(BERLIN, addBusinessTime(night, at('2025-06-13T12:00'), 2 * HOUR))).toBe('2025-06-14T01:00:00');
    // One hour to Sat 07:00, the other from next Friday 23:00.
    expect(wall(BERLIN, addBusinessTime(night, at('2025-06-14T06:00'), 2 * HOUR))).toBe('2025-06-21T00:00:00');
  });

  it('is excluded when Friday is a holiday', () => {
    const fridayOff: Calendar = { ...night, holidays: ['2025-06-13'] };
    expect(businessTimeBetween(fridayOff, at('2025-06-13T00:00'), at('2025-06-15T00:00'))).toBe(0);
    expect(businessTimeBetween(fridayOff, at('2025-06-14T00:00'), at('2025-06-14T12:00'))).toBe(0);
  });

  it('is still counted when Saturday is a holiday', () => {
    const saturdayOff: Calendar = { ...night, holidays: ['2025-06-14'] };
    expect(businessTimeBetween(saturdayOff, at('2025-06-14T00:00'), at('2025-06-14T12:00'))).toBe(7 * HOUR);
  });

  it('crosses New Year, when the year tables meet', () => {
    const newYear: Calendar = { timezone: BERLIN, weekly: parseWeeklyHours('sun-sat 23:00-07:00') };
    const span = [at('2025-12-31T12:00'), at('2026-01-01T12:00')] as const;
    expect(businessTimeBetween(newYear, ...span)).toBe(8 * HOUR);
    expect(businessTimeBetween({ ...newYear, holidays: ['2026-01-01'] }, ...span)).toBe(8 * HOUR);
    expect(businessTimeBetween({ ...newYear, holidays: ['2025-12-31'] }, ...span)).toBe(0);
    expect(wall(BERLIN, addBusinessTime(newYear, at('2025-12-31T23:30'), 30 * MINUTE))).toBe('2026-01-01T00:00:00');
    expect(wall(BERLIN, addBusinessTime(newYear, at('2025-12-31T23:30'), 2 * HOUR))).toBe('2026-01-01T01:30:00');
    expect(wall(BERLIN, addBusinessTime(newYear, at('2025-12-31T23:30'), 8 * HOUR))).toBe('2026-01-01T23:30:00');
  });
});

describe('24x7', () => {
  it('equals wall time, across years and DST', () => {
    const a = utc('2023-03-01T07:13:01.250');
    const b = utc('2026-11-30T19:00');
    expect(businessTimeBetween(CALENDAR_24X7, a, b)).toBe(b.getTime() - a.getTime());
    const berlin24x7: Calendar = { timezone: BERLIN, weekly: parseWeeklyHours('24x7') };
    expect(businessTimeBetween(berlin24x7, a, b)).toBe(b.getTime() - a.getTime());
    expect(addBusinessTime(berlin24x7, a, 1234 * HOUR + 5).getTime()).toBe(a.getTime() + 1234 * HOUR + 5);
  });
});
