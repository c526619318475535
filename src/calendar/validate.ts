import { BadArgumentError } from '../errors.ts';
import { parseIsoDate } from './local-date.ts';
import { WEEKDAYS, type Calendar, type Weekday } from './types.ts';
import { isIanaZoneName } from './zone-name.ts';

/**
 * A calendar checked and reduced to numbers, the form the engine computes with (docs/semantics.md §1).
 * `weekly[0]` is Monday. Times are minutes after the day's local midnight; an overnight interval keeps
 * the day it starts on and gets an end above 1440 (Fri 23:00–07:00 is [1380, 1860] on Friday).
 */
export type NormalizedCalendar = {
  readonly zone: string;
  readonly weekly: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** Holiday dates as day numbers (days since 1970-01-01, see local-date.ts). */
  readonly holidays: ReadonlySet<number>;
  /** Equal for calendars that mean the same thing, whatever their key order; used as a cache key. */
  readonly key: string;
};

const HOURS_EXAMPLE =
  'Example: "mon-fri 09:00-17:00", "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00", "fri 23:00-07:00" or "24x7"';

/** Throws BadArgumentError naming the first problem; a calendar that passes can be computed with. */
export function validateCalendar(calendar: Calendar): void {
  normalizeCalendar(calendar);
}

export function normalizeCalendar(calendar: Calendar): NormalizedCalendar {
  if (typeof calendar !== 'object' || calendar === null) {
    throw new BadArgumentError('A calendar needs a timezone, weekly hours and optional holidays');
  }
  const zone = calendar.timezone;
  if (typeof zone !== 'string' || !isIanaZoneName(zone)) {
    throw new BadArgumentError(
      `Unknown time zone ${JSON.stringify(zone)}: use an IANA zone such as "Europe/Berlin", "America/New_York" or "UTC"`,
    );
  }
  const weekly = normalizeWeekly(calendar.weekly);
  const holidays = normalizeHolidays(calendar.holidays);
  const sortedHolidays = [...holidays].sort((a, b) => a - b);
  const sortedWeekly = weekly.map((day) => [...day].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  return { zone, weekly, holidays, key: JSON.stringify([zone, sortedWeekly, sortedHolidays]) };
}

function normalizeWeekly(weekly: unknown): Array<Array<[number, number]>> {
  if (typeof weekly !== 'object' || weekly === null || Array.isArray(weekly)) {
    throw new BadArgumentError(`A calendar needs weekly hours per weekday, e.g. { mon: [["09:00", "17:00"]] }`);
  }
  const result: Array<Array<[number, number]>> = WEEKDAYS.map(() => []);
  for (const [key, intervals] of Object.entries(weekly)) {
    const index = WEEKDAYS.indexOf(key as Weekday);
    if (index < 0) {
      throw new BadArgumentError(`Unknown weekday "${key}" in weekly hours: use one of ${WEEKDAYS.join(', ')}`);
    }
    if (intervals === undefined) continue;
    if (!Array.isArray(intervals)) {
      throw new BadArgumentError(`Hours for ${key} must be a list of ["HH:MM", "HH:MM"] intervals`);
    }
    for (const interval of intervals) result[index]!.push(normalizeInterval(key, interval));
  }
  return result;
}

function normalizeInterval(day: string, interval: unknown): [number, number] {
  if (!Array.isArray(interval) || interval.length !== 2) {
    throw new BadArgumentError(`Hours for ${day} must be ["HH:MM", "HH:MM"] pairs, got ${JSON.stringify(interval)}`);
  }
  const start = parseClockTime(interval[0], 'start');
  const end = parseClockTime(interval[1], 'end');
  if (start === end) {
    throw new BadArgumentError(
      `Interval ${JSON.stringify(interval)} on ${day} is empty: start equals end (for a whole day write ["00:00", "24:00"])`,
    );
  }
  // An end before the start runs past midnight; the interval still belongs to `day` (docs/semantics.md §1).
  return [start, end < start ? end + 1440 : end];
}

/** Minutes after midnight for a strict "HH:MM"; "24:00" is accepted only as an end. */
export function parseClockTime(text: unknown, role: 'start' | 'end'): number {
  const m = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (hours === 24 && minutes === 0) {
    if (role === 'end') return 1440;
    throw new BadArgumentError('"24:00" can only end an interval; start the next day at "00:00"');
  }
  if (!(hours <= 23 && minutes <= 59)) {
    throw new BadArgumentError(
      `Bad time ${JSON.stringify(text)}: write HH:MM from 00:00 to 23:59 (or 24:00 as an end), e.g. "09:00"`,
    );
  }
  return hours * 60 + minutes;
}

function normalizeHolidays(holidays: unknown): Set<number> {
  const result = new Set<number>();
  if (holidays === undefined) return result;
  if (!Array.isArray(holidays)) throw new BadArgumentError('Holidays must be a list of "YYYY-MM-DD" dates');
  for (const text of holidays) {
    const day = typeof text === 'string' ? parseIsoDate(text) : undefined;
    if (day === undefined) {
      throw new BadArgumentError(`Bad holiday ${JSON.stringify(text)}: write a real date as YYYY-MM-DD, e.g. "2025-12-25"`);
    }
    result.add(day);
  }
  return result;
}

const DAY_NAMES: Record<string, Weekday> = {
  mon: 'mon', monday: 'mon', tue: 'tue', tues: 'tue', tuesday: 'tue', wed: 'wed', wednesday: 'wed',
  thu: 'thu', thur: 'thu', thurs: 'thu', thursday: 'thu', fri: 'fri', friday: 'fri',
  sat: 'sat', saturday: 'sat', sun: 'sun', sunday: 'sun',
};

/**
 * Parses human weekly hours: `;`-separated groups of days then comma-separated `HH:MM-HH:MM` ranges.
 * Days are names or ranges that wrap round the week (`fri-mon` is Fri, Sat, Sun, Mon). `24x7` is all time.
 */
export function parseWeeklyHours(spec: string): Calendar['weekly'] {
  const bad = (why: string): BadArgumentError =>
    new BadArgumentError(`Cannot read weekly hours ${JSON.stringify(spec)}: ${why}. ${HOURS_EXAMPLE}`);
  if (typeof spec !== 'string') throw bad('expected text');
  const text = spec.trim().toLowerCase().replace(/[\u2013\u2014]/g, '-');
  if (text === '24x7' || text === '24/7') {
    return Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '24:00']]]));
  }
  const weekly: Partial<Record<Weekday, Array<[string, string]>>> = {};
  let groups = 0;
  for (const rawGroup of text.split(';')) {
    const group = rawGroup.trim();
    if (group === '') continue;
    groups++;
    const firstDigit = group.search(/\d/);
    if (firstDigit <= 0) throw bad(`"${group}" needs days followed by hours`);
    const days = parseDays(group.slice(0, firstDigit), bad);
    for (const range of group.slice(firstDigit).split(',')) {
      const m = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(range.trim());
      if (!m) throw bad(`"${range.trim()}" is not a range like 09:00-17:00`);
      const interval: [string, string] = [m[1]!, m[2]!];
      try {
        normalizeInterval(days.join(','), interval);
      } catch (e) {
        throw bad(e instanceof Error ? e.message : String(e));
      }
      for (const day of days) (weekly[day] ??= []).push([...interval]);
    }
  }
  if (groups === 0) throw bad('no days or hours given');
  return weekly;
}

function parseDays(text: string, bad: (why: string) => BadArgumentError): Weekday[] {
  const days: Weekday[] = [];
  for (const item of text.replace(/\s+/g, '').split(',')) {
    if (item === '') continue;
    const [from, to, extra] = item.split('-');
    const first = DAY_NAMES[from ?? ''];
    const last = to === undefined ? first : DAY_NAMES[to];
    if (first === undefined || last === undefined || extra !== undefined) throw bad(`"${item}" is not a day or day range`);
    // Walk forward from `first`, wrapping past Sunday, so fri-mon covers the weekend.
    for (let i = WEEKDAYS.indexOf(first); ; i = (i + 1) % 7) {
      const day = WEEKDAYS[i]!;
      if (!days.includes(day)) days.push(day);
      if (day === last) break;
    }
  }
  if (days.length === 0) throw bad('no days given');
  return days;
}
