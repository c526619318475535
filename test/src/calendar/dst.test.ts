import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, parseWeeklyHours, type Calendar } from '../../../src/calendar/index.ts';
import { HOUR, MINUTE, utc } from './helpers.ts';

/**
 * docs/semantics.md §1 at DST transitions: a nonexistent local time moves forward by the gap, an ambiguous one
 * takes its first occurrence, and intervals measure real elapsed time. Expected instants are written in
 * UTC, worked out by hand from each zone's 2024 transitions.
 */
const cal = (timezone: string, spec: string): Calendar => ({ timezone, weekly: parseWeeklyHours(spec) });
const between = (c: Calendar, a: string, b: string): number => businessTimeBetween(c, utc(a), utc(b));
/** Working time of the whole UTC window, wide enough to hold the local day(s) under test. */
const around = (c: Calendar, day: string): number =>
  businessTimeBetween(c, new Date(utc(`${day}T00:00`).getTime() - 36 * HOUR), new Date(utc(`${day}T00:00`).getTime() + 60 * HOUR));

type DayCase = { zone: string; weekday: string; day: string; hours: number };

describe('a whole-day window on a transition day measures real time', () => {
  const cases: DayCase[] = [
    { zone: 'Europe/Berlin', weekday: 'sun', day: '2024-03-31', hours: 23 },
    { zone: 'Europe/Berlin', weekday: 'sun', day: '2024-10-27', hours: 25 },
    { zone: 'America/New_York', weekday: 'sun', day: '2024-03-10', hours: 23 },
    { zone: 'America/New_York', weekday: 'sun', day: '2024-11-03', hours: 25 },
    { zone: 'Australia/Sydney', weekday: 'sun', day: '2024-10-06', hours: 23 },
    { zone: 'Australia/Sydney', weekday: 'sun', day: '2024-04-07', hours: 25 },
    { zone: 'Pacific/Auckland', weekday: 'sun', day: '2024-09-29', hours: 23 },
    { zone: 'Pacific/Auckland', weekday: 'sun', day: '2024-04-07', hours: 25 },
    // Santiago changes at midnight: the repeated hour ends Saturday; Sunday Sep 8 starts at 01:00.
    { zone: 'America/Santiago', weekday: 'sat', day: '2024-04-06', hours: 25 },
    { zone: 'America/Santiago', weekday: 'sun', day: '2024-04-07', hours: 24 },
    { zone: 'America/Santiago', weekday: 'sat', day: '2024-09-07', hours: 24 },
    { zone: 'America/Santiago', weekday: 'sun', day: '2024-09-08', hours: 23 },
    // Lord Howe shifts by half an hour.
    { zone: 'Australia/Lord_Howe', weekday: 'sun', day: '2024-04-07', hours: 24.5 },
    { zone: 'Australia/Lord_Howe', weekday: 'sun', day: '2024-10-06', hours: 23.5 },
  ];
  it.each(cases)('$zone $weekday $day 00:00–24:00 is $hours h', ({ zone, weekday, day, hours }) => {
    expect(around(cal(zone, `${weekday} 00:00-24:00`), day)).toBe(hours * HOUR);
  });
});

describe('Europe/Berlin (spring 2024-03-31 01:00Z, fall 2024-10-27 01:00Z)', () => {
  const zone = 'Europe/Berlin';
  it('a start in the spring gap moves forward by the gap', () => {
    const c = cal(zone, 'sun 02:30-05:00'); // 02:30 does not exist: 03:30 CEST = 01:30Z, to 05:00 CEST = 03:00Z
    expect(around(c, '2024-03-31')).toBe(1.5 * HOUR);
    expect(addBusinessTime(c, utc('2024-03-30T23:00'), MINUTE)).toEqual(utc('2024-03-31T01:31'));
  });

  it('an interval wholly inside the gap never happens that day', () => {
    const c = cal(zone, 'sun 02:00-03:00');
    expect(between(c, '2024-03-30T12:00', '2024-04-01T00:00')).toBe(0);
    expect(addBusinessTime(c, utc('2024-03-30T12:00'), HOUR)).toEqual(utc('2024-04-07T01:00'));
  });

  it('intervals straddling transitions measure real elapsed time', () => {
    expect(around(cal(zone, 'sun 01:00-04:00'), '2024-03-31')).toBe(2 * HOUR);
    expect(around(cal(zone, 'sun 01:00-04:00'), '2024-10-27')).toBe(4 * HOUR);
    // Overnight Saturday 22:00–06:00 into the transition Sunday.
    expect(between(cal(zone, 'sat 22:00-06:00'), '2024-03-30T00:00', '2024-03-31T12:00')).toBe(7 * HOUR);
    expect(between(cal(zone, 'sat 22:00-06:00'), '2024-10-26T00:00', '2024-10-27T12:00')).toBe(9 * HOUR);
  });

  it('an ambiguous fall-back time takes its first occurrence', () => {
    // 02:30 first happens at 02:30 CEST = 00:30Z; 03:30 only once, CET = 02:30Z.
    expect(around(cal(zone, 'sun 02:30-03:30'), '2024-10-27')).toBe(2 * HOUR);
    expect(addBusinessTime(cal(zone, 'sun 02:30-03:30'), utc('2024-10-26T12:00'), 1)).toEqual(new Date(utc('2024-10-27T00:30').getTime() + 1));
    // An ambiguous end also takes the first occurrence: 01:00 CEST (23:00Z) to 02:30 CEST (00:30Z).
    expect(around(cal(zone, 'sun 01:00-02:30'), '2024-10-27')).toBe(1.5 * HOUR);
  });

  it('office hours across the spring weekend', () => {
    const office = cal(zone, 'mon-fri 09:00-17:00');
    // Fri 09:00 CET = 08:00Z; Mon 17:00 CEST = 15:00Z.
    expect(between(office, '2024-03-29T08:00', '2024-04-01T15:00')).toBe(16 * HOUR);
    expect(addBusinessTime(office, utc('2024-03-29T08:00'), 9 * HOUR)).toEqual(utc('2024-04-01T08:00'));
  });
});

describe('America/New_York (spring 2024-03-10 07:00Z, fall 2024-11-03 06:00Z)', () => {
  const zone = 'America/New_York';
  it('a start in the spring gap moves forward by the gap', () => {
    // 02:30 does not exist: 03:30 EDT = 07:30Z, to 04:00 EDT = 08:00Z.
    const c = cal(zone, 'sun 02:30-04:00');
    expect(around(c, '2024-03-10')).toBe(30 * MINUTE);
    expect(addBusinessTime(c, utc('2024-03-10T05:00'), 10 * MINUTE)).toEqual(utc('2024-03-10T07:40'));
  });

  it('an ambiguous start takes its first occurrence', () => {
    // 01:30 EDT = 05:30Z to 02:00 EST = 07:00Z.
    const c = cal(zone, 'sun 01:30-02:00');
    expect(around(c, '2024-11-03')).toBe(1.5 * HOUR);
    expect(addBusinessTime(c, utc('2024-11-03T04:00'), 1)).toEqual(new Date(utc('2024-11-03T05:30').getTime() + 1));
    expect(addBusinessTime(c, utc('2024-11-03T04:00'), 1.5 * HOUR)).toEqual(utc('2024-11-03T07:00'));
  });

  it('intervals straddling transitions measure real elapsed time', () => {
    expect(around(cal(zone, 'sun 00:00-04:00'), '2024-03-10')).toBe(3 * HOUR);
    expect(around(cal(zone, 'sun 00:00-04:00'), '2024-11-03')).toBe(5 * HOUR);
    expect(between(cal(zone, 'sat 20:00-08:00'), '2024-11-02T00:00', '2024-11-04T00:00')).toBe(13 * HOUR);
  });

  it('office hours keep 8 h days through the transition week', () => {
    const office = cal(zone, 'mon-fri 09:00-17:00');
    expect(between(office, '2024-10-28T00:00', '2024-11-09T00:00')).toBe(80 * HOUR);
    // Fri Nov 1 16:00 EDT = 20:00Z: one hour that day, one from Mon 09:00 EST, ending 10:00 EST = 15:00Z.
    expect(addBusinessTime(office, utc('2024-11-01T20:00'), 2 * HOUR)).toEqual(utc('2024-11-04T15:00'));
  });
});

describe('Australia/Sydney (fall 2024-04-06 16:00Z, spring 2024-10-05 16:00Z)', () => {
  const zone = 'Australia/Sydney';
  it('a start in the spring gap moves forward by the gap', () => {
    // 02:30 does not exist on Oct 6: 03:30 AEDT = Oct 5 16:30Z, to 04:00 AEDT = 17:00Z.
    expect(around(cal(zone, 'sun 02:30-04:00'), '2024-10-06')).toBe(30 * MINUTE);
  });

  it('an ambiguous time takes its first occurrence', () => {
    // 02:30 on Apr 7 first happens at 02:30 AEDT = Apr 6 15:30Z; 03:00 AEST = 17:00Z.
    const c = cal(zone, 'sun 02:30-03:00');
    expect(around(c, '2024-04-07')).toBe(1.5 * HOUR);
    expect(addBusinessTime(c, utc('2024-04-06T12:00'), HOUR)).toEqual(utc('2024-04-06T16:30'));
  });

  it('an overnight interval straddling the transition measures real time', () => {
    expect(between(cal(zone, 'sat 22:00-06:00'), '2024-04-06T00:00', '2024-04-07T12:00')).toBe(9 * HOUR);
    expect(between(cal(zone, 'sat 22:00-06:00'), '2024-10-05T00:00', '2024-10-06T12:00')).toBe(7 * HOUR);
  });
});

describe('America/Santiago (midnight transitions: 2024-04-07 03:00Z, 2024-09-08 04:00Z)', () => {
  const zone = 'America/Santiago';
  it('a midnight that does not exist moves forward to 01:00', () => {
    // Sunday Sep 8 00:00 → 01:00 -03 = 04:00Z; 02:00 -03 = 05:00Z.
    const c = cal(zone, 'sun 00:00-02:00');
    expect(around(c, '2024-09-08')).toBe(HOUR);
    expect(addBusinessTime(c, utc('2024-09-07T12:00'), MINUTE)).toEqual(utc('2024-09-08T04:01'));
  });

  it('the repeated hour before midnight takes its first occurrence', () => {
    // Saturday Apr 6 23:30 first happens at -03 = 02:30Z; 24:00 is 00:00 -04 = 04:00Z.
    expect(around(cal(zone, 'sat 23:30-24:00'), '2024-04-06')).toBe(1.5 * HOUR);
  });
});

describe('Pacific/Auckland (fall 2024-04-06 14:00Z, spring 2024-09-28 14:00Z)', () => {
  const zone = 'Pacific/Auckland';
  it('gap and overlap around 02:00–03:00', () => {
    // Sep 29 02:15 → 03:15 NZDT = Sep 28 14:15Z, to 03:45 NZDT = 14:45Z.
    expect(around(cal(zone, 'sun 02:15-03:45'), '2024-09-29')).toBe(30 * MINUTE);
    // Apr 7 02:15 first at NZDT = Apr 6 13:15Z, to 03:45 NZST = 15:45Z.
    expect(around(cal(zone, 'sun 02:15-03:45'), '2024-04-07')).toBe(2.5 * HOUR);
  });
});
