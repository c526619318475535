import { BadArgumentError } from '../errors.ts';
import {
  MAX_YEAR,
  compileCalendar,
  instantAtMeasure,
  measureBefore,
  yearTable,
  yearTableAt,
} from './compile.ts';
import type { Calendar } from './types.ts';

/**
 * How many consecutive years without working time addBusinessTime crosses before giving up. Holidays
 * are finite, so a calendar with weekly hours always has time again after its last holiday; this only
 * stops a holiday list that blanks out decades from turning one call into a long scan.
 */
const MAX_EMPTY_YEARS = 50;

/**
 * The measure of [from, to) ∩ working time in milliseconds (docs/semantics.md §1); 0 when to <= from.
 * Cost: two binary searches, plus one addition per whole local year in between.
 */
export function businessTimeBetween(calendar: Calendar, from: Date, to: Date): number {
  const a = instantOf(from, 'from');
  const b = instantOf(to, 'to');
  const compiled = compileCalendar(calendar);
  if (b <= a) return 0;
  const first = yearTableAt(compiled, a);
  // measureBefore saturates at the year's total, so b === first.end needs no special case.
  if (b <= first.end) return measureBefore(first, b) - measureBefore(first, a);
  const last = yearTableAt(compiled, b);
  let sum = first.total - measureBefore(first, a);
  for (let year = first.year + 1; year < last.year; year++) sum += yearTable(compiled, year).total;
  return sum + measureBefore(last, b);
}

/**
 * The earliest instant t with businessTimeBetween(calendar, start, t) === ms (docs/semantics.md §1): adding the
 * rest of a window ends at the window's end, a start outside working time begins at the next window,
 * and ms = 0 returns start. Throws BadArgumentError for negative or fractional ms, and when the calendar
 * has no working time to spend.
 */
export function addBusinessTime(calendar: Calendar, start: Date, ms: number): Date {
  const a = instantOf(start, 'start');
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new BadArgumentError(`Business time to add must be a whole, non-negative number of milliseconds (got ${ms})`);
  }
  const compiled = compileCalendar(calendar);
  if (ms === 0) return new Date(a);
  if (!compiled.hasWeeklyHours) {
    throw new BadArgumentError('This calendar has no working hours, so business time never elapses');
  }
  let table = yearTableAt(compiled, a);
  // Count from the start of a's year so the search inside a year is a single binary search.
  let need = ms + measureBefore(table, a);
  let emptyYears = 0;
  while (need > table.total) {
    need -= table.total;
    emptyYears = table.total === 0 ? emptyYears + 1 : 0;
    if (emptyYears >= MAX_EMPTY_YEARS) {
      throw new BadArgumentError(`This calendar has no working time in ${MAX_EMPTY_YEARS} years after ${start.toISOString()}`);
    }
    if (table.year >= MAX_YEAR) {
      throw new BadArgumentError(`Adding ${ms} ms of business time goes past the year ${MAX_YEAR}`);
    }
    table = yearTable(compiled, table.year + 1);
  }
  return new Date(instantAtMeasure(table, need));
}

function instantOf(date: Date, name: string): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(t)) throw new BadArgumentError(`${name} must be a valid date`);
  return t;
}
