import { describe, expect, it } from 'vitest';
import { BadArgumentError } from '../../../src/errors.ts';
import { CALENDAR_24X7, parseWeeklyHours, validateCalendar, type Calendar } from '../../../src/calendar/index.ts';

const officeHours = (patch: Partial<Calendar> = {}): Calendar => ({
  timezone: 'Europe/Berlin',
  weekly: { mon: [['09:00', '17:00']] },
  ...patch,
});

function rejection(calendar: unknown): BadArgumentError {
  try {
    validateCalendar(calendar as Calendar);
  } catch (e) {
    expect(e).toBeInstanceOf(BadArgumentError);
    return e as BadArgumentError;
  }
  throw new Error('expected validateCalendar to throw');
}

describe('validateCalendar', () => {
  it('accepts good calendars, UTC and the built-in 24x7', () => {
    expect(() => validateCalendar(officeHours())).not.toThrow();
    expect(() => validateCalendar(officeHours({ timezone: 'UTC' }))).not.toThrow();
    expect(() => validateCalendar(CALENDAR_24X7)).not.toThrow();
    expect(() =>
      validateCalendar(
        officeHours({
          weekly: { fri: [['23:00', '07:00']], sat: [['00:00', '24:00']], sun: [] },
          holidays: ['2024-02-29', '2025-12-25'],
        }),
      ),
    ).not.toThrow();
  });

  it('rejects time zones that are not IANA zones', () => {
    expect(rejection(officeHours({ timezone: 'Europe/Berln' })).message).toMatch(/Unknown time zone "Europe\/Berln".*IANA/);
    expect(rejection(officeHours({ timezone: 'Mars/Olympus_Mons' })).message).toMatch(/Unknown time zone/);
    expect(rejection(officeHours({ timezone: '' })).message).toMatch(/Unknown time zone/);
    expect(rejection({ weekly: {} }).message).toMatch(/Unknown time zone/);
  });

  it.each([
    ['9:00', '17:00'],
    ['09:00', '25:00'],
    ['09:60', '17:00'],
    ['09:00', '17:00:00'],
    ['0900', '1700'],
    ['09:00', '24:01'],
  ])('rejects malformed time %s-%s', (start, end) => {
    expect(rejection(officeHours({ weekly: { mon: [[start, end]] } })).message).toMatch(/Bad time .*HH:MM/);
  });

  it('accepts 24:00 only as an end', () => {
    expect(() => validateCalendar(officeHours({ weekly: { mon: [['20:00', '24:00']] } }))).not.toThrow();
    expect(rejection(officeHours({ weekly: { mon: [['24:00', '02:00']] } })).message).toMatch(/"24:00" can only end/);
  });

  it('rejects empty intervals (start equals end)', () => {
    expect(rejection(officeHours({ weekly: { tue: [['09:00', '09:00']] } })).message).toMatch(/empty.*tue|tue.*empty/);
    expect(rejection(officeHours({ weekly: { tue: [['00:00', '00:00']] } })).message).toMatch(/00:00", "24:00/);
  });

  it('rejects unknown weekday keys and malformed interval shapes', () => {
    expect(rejection(officeHours({ weekly: { monday: [['09:00', '17:00']] } as never })).message).toMatch(
      /Unknown weekday "monday".*mon, tue/,
    );
    expect(rejection(officeHours({ weekly: { mon: [['09:00']] } as never })).message).toMatch(/pairs/);
    expect(rejection(officeHours({ weekly: { mon: '09:00-17:00' } as never })).message).toMatch(/list/);
    expect(rejection(officeHours({ weekly: [] as never })).message).toMatch(/weekly hours/);
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '24-01-01', '2024/01/01', '2024-1-1', ''])(
    'rejects holiday %j',
    (holiday) => {
      expect(rejection(officeHours({ holidays: [holiday] })).message).toMatch(/Bad holiday.*YYYY-MM-DD/);
    },
  );

  it('rejects holidays that are not a list of strings', () => {
    expect(rejection(officeHours({ holidays: '2024-12-25' as never })).message).toMatch(/Holidays must be a list/);
    expect(rejection(officeHours({ holidays: [20241225] as never })).message).toMatch(/Bad holiday/);
  });
});

describe('parseWeeklyHours', () => {
  it('parses a day range', () => {
    expect(parseWeeklyHours('mon-fri 09:00-17:00')).toEqual({
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
    });
  });

  it('parses split days and several groups', () => {
    const weekly = parseWeeklyHours('mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00');
    expect(weekly.wed).toEqual([
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ]);
    expect(weekly.sat).toEqual([['10:00', '14:00']]);
    expect(weekly.sun).toBeUndefined();
  });

  it('keeps overnight intervals as written', () => {
    expect(parseWeeklyHours('fri 23:00-07:00')).toEqual({ fri: [['23:00', '07:00']] });
  });

  it('wraps day ranges round the week', () => {
    expect(Object.keys(parseWeeklyHours('fri-mon 10:00-11:00'))).toEqual(['fri', 'sat', 'sun', 'mon']);
    expect(Object.keys(parseWeeklyHours('sun-sat 00:00-24:00')).sort()).toEqual(
      ['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed'],
    );
    expect(parseWeeklyHours('sun-sat 00:00-24:00').thu).toEqual([['00:00', '24:00']]);
  });

  it('accepts lists, full names, case and spacing variations', () => {
    expect(parseWeeklyHours(' Mon, Wednesday,FRI  08:30 - 12:00 , 13:00-16:30 ;')).toEqual({
      mon: [['08:30', '12:00'], ['13:00', '16:30']],
      wed: [['08:30', '12:00'], ['13:00', '16:30']],
      fri: [['08:30', '12:00'], ['13:00', '16:30']],
    });
  });

  it('parses 24x7 as all time', () => {
    const weekly = parseWeeklyHours('24x7');
    expect(weekly).toEqual(CALENDAR_24X7.weekly);
  });

  it('produces hours that validate', () => {
    const weekly = parseWeeklyHours('mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00; fri 23:00-07:00');
    expect(() => validateCalendar({ timezone: 'America/New_York', weekly })).not.toThrow();
  });

  it.each([
    ['', /no days or hours/],
    ['mon-fri', /needs days followed by hours/],
    ['09:00-17:00', /needs days followed by hours/],
    ['mon-xyz 09:00-17:00', /"mon-xyz" is not a day/],
    ['mon-tue-wed 09:00-17:00', /not a day/],
    ['mon 9-17', /not a range like 09:00-17:00/],
    ['mon 09:00-17:00 18:00-19:00', /not a range/],
    ['mon 09:00-09:00', /empty/],
    ['mon 24:00-10:00', /can only end/],
    ['mon 09:00-25:00', /Bad time/],
  ])('rejects %j with an example', (spec, why) => {
    let error: unknown;
    try {
      parseWeeklyHours(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadArgumentError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain('Example: "mon-fri 09:00-17:00"');
  });
});
