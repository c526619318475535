import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, parseWeeklyHours, type Calendar } from '../../../src/calendar/index.ts';
import { HOUR, MINUTE, utc } from './helpers.ts';

/**
 * Worked examples published by other business-time tools, re-run on Pacta's engine. Each block names
 * its source. Where a source's rule differs from docs/semantics.md §1, the test says so and asserts our rule.
 */
const nineToFive: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon-fri 09:00-17:00') };
const add = (c: Calendar, from: string, ms: number): Date => addBusinessTime(c, utc(from), ms);
const between = (c: Calendar, a: string, b: string): number => businessTimeBetween(c, utc(a), utc(b));

// Source: lennym/moment-business-time README.md (default hours Mon–Fri 09:00–17:00, times in UTC).
describe('moment-business-time README', () => {
  it('addWorkingTime examples', () => {
    expect(add(nineToFive, '2015-02-27T10:00', 5 * HOUR)).toEqual(utc('2015-02-27T15:00'));
    expect(add(nineToFive, '2015-02-28T10:00', 5 * HOUR)).toEqual(utc('2015-03-02T14:00'));
    expect(add(nineToFive, '2015-02-27T10:00', 5 * HOUR + 30 * MINUTE)).toEqual(utc('2015-02-27T15:30'));
  });

  it('subtractWorkingTime examples, checked as the inverse measure', () => {
    // 2015-02-27T16:00 − 5 h = 11:00; 2015-02-28T16:00 (Sat) − 5 h = Fri 12:00; − 5 h 30 min = 10:30.
    expect(between(nineToFive, '2015-02-27T11:00', '2015-02-27T16:00')).toBe(5 * HOUR);
    expect(between(nineToFive, '2015-02-27T12:00', '2015-02-28T16:00')).toBe(5 * HOUR);
    expect(between(nineToFive, '2015-02-27T10:30', '2015-02-27T16:00')).toBe(5.5 * HOUR);
    expect(add(nineToFive, '2015-02-27T11:00', 5 * HOUR)).toEqual(utc('2015-02-27T16:00'));
  });

  it('workingDiff example: 2015-02-26T12:00 to 2015-02-27T16:30 is 12.5 h', () => {
    expect(between(nineToFive, '2015-02-26T12:00', '2015-02-27T16:30')).toBe(12.5 * HOUR);
  });

  it('custom hours (Wed closes 13:00, days open 09:30) and a holiday', () => {
    const custom: Calendar = {
      timezone: 'UTC',
      weekly: parseWeeklyHours('mon,tue,thu,fri 09:30-17:00; wed 09:30-13:00'),
      holidays: ['2015-05-04'],
    };
    const isWorking = (iso: string): boolean => businessTimeBetween(custom, utc(iso), new Date(utc(iso).getTime() + MINUTE)) > 0;
    expect(isWorking('2015-02-25T15:00')).toBe(false); // README: false
    expect(isWorking('2015-02-23T09:00')).toBe(false); // README: false
    expect(between(custom, '2015-05-04T00:00', '2015-05-05T00:00')).toBe(0); // README: isWorkingDay() false
  });
});

// Source: bokmann/business_time test/test_business_hours.rb (default hours 9:00–17:00, Mon–Fri; UTC here).
describe('business_time gem test suite', () => {
  it('adds hours across nights, weekends and holidays', () => {
    expect(add(nineToFive, '2010-08-04T09:35', 8 * HOUR)).toEqual(utc('2010-08-05T09:35'));
    expect(add(nineToFive, '2010-04-09T16:50', HOUR)).toEqual(utc('2010-04-12T09:50'));
    expect(add(nineToFive, '2010-04-12T09:50', 3 * HOUR)).toEqual(utc('2010-04-12T12:50'));
    const july4th: Calendar = { ...nineToFive, holidays: ['2010-07-05'] };
    expect(add(july4th, '2010-07-02T16:50', HOUR)).toEqual(utc('2010-07-06T09:50'));
  });

  it('respects custom work_hours (mon, fri 9–17, sat 10–15)', () => {
    const hours: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon,fri 09:00-17:00; sat 10:00-15:00') };
    expect(add(hours, '2010-12-24T15:00', 9 * HOUR)).toEqual(utc('2010-12-27T11:00'));
    expect(add(hours, '2010-12-24T08:00', 15 * HOUR)).toEqual(utc('2010-12-27T11:00'));
  });

  it('respects 24-hour days (the gem writes "0:00"-"0:00"; Pacta writes 00:00-24:00)', () => {
    const hours: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon,fri 00:00-24:00; sat 11:00-15:00') };
    expect(add(hours, '2010-12-24T15:00', 24 * HOUR)).toEqual(utc('2010-12-27T11:00'));
    expect(add(hours, '2010-12-25T08:00', 15 * HOUR)).toEqual(utc('2010-12-27T11:00'));
  });

  it('8 h from before opening on a one-day week ends at closing, the same day', () => {
    const fridays: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('fri 09:00-17:00') };
    expect(add(fridays, '2010-12-24T08:00', 8 * HOUR)).toEqual(utc('2010-12-24T17:00'));
  });

  it('differs on purpose: adding zero hours on a weekend returns the start, not Monday 09:00', () => {
    // The gem rolls Sat 2010-04-10 12:33 + 0 h forward to Mon 09:00; docs/semantics.md §1 asks for the earliest
    // t with zero business time elapsed, which is the start itself.
    expect(add(nineToFive, '2010-04-10T12:33', 0)).toEqual(utc('2010-04-10T12:33'));
  });
});

// Source: bokmann/business_time README.rdoc — workday 8:30 am–5:30 pm, Monday 2010-07-05 a holiday,
// "friday_afternoon = July 2nd, 2010, 4:50 pm; tuesday_morning = 1.business_hour.after(friday_afternoon)".
// The README names the result only as Tuesday morning; 40 min on Friday plus 20 min from 08:30 is 08:50.
describe('business_time README', () => {
  it('one business hour after Friday 4:50 pm over a holiday Monday is Tuesday morning', () => {
    const c: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon-fri 08:30-17:30'), holidays: ['2010-07-05'] };
    expect(add(c, '2010-07-02T16:50', HOUR)).toEqual(utc('2010-07-06T08:50'));
  });
});

// Source: zendesk/biz README.md — schedule in America/Los_Angeles with a 24-hour Tuesday, a split
// Thursday and holidays; the README prints the business-time segments (UTC) of two queries.
describe('zendesk/biz README', () => {
  const biz: Calendar = {
    timezone: 'America/Los_Angeles',
    weekly: {
      mon: [['09:00', '17:00']],
      tue: [['00:00', '24:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '12:00'], ['13:00', '17:00']],
      sat: [['10:00', '14:00']],
    },
    holidays: ['2014-01-01', '2014-12-25'],
  };

  it('periods after 2015-01-10 10:00Z until 2015-01-17 10:00Z', () => {
    const segments: Array<[string, string]> = [
      ['2015-01-10T18:00', '2015-01-10T22:00'],
      ['2015-01-12T17:00', '2015-01-13T01:00'],
      ['2015-01-13T08:00', '2015-01-14T08:00'],
      ['2015-01-14T17:00', '2015-01-15T01:00'],
      ['2015-01-15T17:00', '2015-01-15T20:00'],
      ['2015-01-15T21:00', '2015-01-16T01:00'],
    ];
    let bound = '2015-01-10T10:00';
    for (const [start, end] of segments) {
      expect(between(biz, bound, start)).toBe(0); // nothing between segments
      expect(between(biz, start, end)).toBe(utc(end).getTime() - utc(start).getTime());
      bound = end;
    }
    expect(between(biz, bound, '2015-01-17T10:00')).toBe(0);
    expect(between(biz, '2015-01-10T10:00', '2015-01-17T10:00')).toBe(51 * HOUR);
  });

  it('3,598 minutes of business time before 2015-05-05 12:34:57Z start at 2015-04-27 20:36:57Z', () => {
    const start = '2015-04-27T20:36:57';
    expect(add(biz, start, 3598 * MINUTE)).toEqual(utc('2015-05-05T12:34:57'));
    expect(between(biz, start, '2015-05-05T12:34:57')).toBe(3598 * MINUTE);
    // The README's last segment (back in time) begins exactly at the start.
    expect(between(biz, '2015-04-27T20:36:57', '2015-04-28T00:00')).toBe(3 * HOUR + 23 * MINUTE + 3000);
  });
});

// Source: Atlassian, "How teams see SLAs" (Jira Service Management Server 4.17 docs,
// confluence.atlassian.com/servicemanagementserver0417/how-teams-see-slas-1072468255.html): goal 16 h,
// start Monday 11:00, hours Mon 09–17, Tue 09–16, Thu 08–17. The page draws the result in a diagram;
// the due time below is our reading of the stated schedule (6 h + 7 h + 3 h).
describe('Jira Service Management SLA example', () => {
  it('16 h from Monday 11:00 is due Thursday 11:00', () => {
    const jira: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon 09:00-17:00; tue 09:00-16:00; thu 08:00-17:00') };
    expect(add(jira, '2024-06-03T11:00', 16 * HOUR)).toEqual(utc('2024-06-06T11:00'));
  });
});

// Source: ServiceNow Community blog, a post of the "Understanding my SLAs" series (community.servicenow.com,
// community_blog sys_id e33e62addbd0dbc01dcaf3231f9619a2): an 8-5 weekdays SLA opened Friday, December 12th at 20:49 has
// 1 hour 44 minutes of business elapsed time at 9:44 the following Monday.
describe('ServiceNow 8-5 weekdays example', () => {
  it('Friday 20:49 to Monday 09:44 is 1 h 44 min of business time', () => {
    const eightToFive: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon-fri 08:00-17:00') };
    expect(between(eightToFive, '2014-12-12T20:49', '2014-12-15T09:44')).toBe(HOUR + 44 * MINUTE);
  });
});

// Source: zenGOT, "zenGOT's Business Hours" (zengot.com/business-hours): core hours 8:00 a.m.–8:00 p.m.;
// six business hours from 11:00 end at 17:00, and from 19:00 end at 13:00 the next day.
describe('zenGOT business hours example', () => {
  it('six business hours on an 08:00-20:00 day', () => {
    const core: Calendar = { timezone: 'UTC', weekly: parseWeeklyHours('mon-sun 08:00-20:00') };
    expect(add(core, '2024-06-04T11:00', 6 * HOUR)).toEqual(utc('2024-06-04T17:00'));
    expect(add(core, '2024-06-04T19:00', 6 * HOUR)).toEqual(utc('2024-06-05T13:00'));
  });
});
