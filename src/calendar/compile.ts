import { BadArgumentError } from '../errors.ts';
import { DAY_MS, MINUTE_MS, dayNumber, weekdayIndex } from './local-date.ts';
import { Lru } from './lru.ts';
import type { Calendar } from './types.ts';
import { normalizeCalendar, type NormalizedCalendar } from './validate.ts';
import { localToInstant, zoneYear, zoneYearCacheSize } from './zone-table.ts';

/** Local years the engine computes in; beyond these, zone data and JavaScript dates stop being useful. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/**
 * The working time of one local year as sorted, disjoint, non-adjacent instant intervals, clipped to
 * [start, end) = [local Jan 1 00:00, next local Jan 1 00:00). Clipping makes years tile the time line, so
 * an overnight interval from Dec 31 is simply split at the boundary. `cumEnd[i]` is the working time of
 * intervals 0..i, so measuring and inverting are binary searches.
 */
export type YearTable = {
  readonly year: number;
  readonly start: number;
  readonly end: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly cumEnd: Float64Array;
  readonly total: number;
};

export type CompiledCalendar = {
  readonly spec: NormalizedCalendar;
  /** False when no weekday has hours: no amount of business time can ever elapse. */
  readonly hasWeeklyHours: boolean;
  readonly id: number;
  /** The year table used last: consecutive calls nearly always land in the same year. */
  recent: YearTable | undefined;
};

// Bounded caches: a compiled calendar per calendar object (dies with it), per meaning (bounded), and
// year tables for all calendars together (bounded; ~6 KB each for office hours).
const byObject = new WeakMap<Calendar, CompiledCalendar>();
const byKey = new Lru<string, CompiledCalendar>(256);
const years = new Lru<number, YearTable>(512);
let nextId = 1;

/**
 * Validates and compiles a calendar, cached. Calendars are treated as values: mutating one after first
 * use is not noticed, so build a new object instead.
 */
export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const known = byObject.get(calendar);
  if (known !== undefined) return known;
  const spec = normalizeCalendar(calendar);
  let compiled = byKey.get(spec.key);
  if (compiled === undefined) {
    compiled = { spec, hasWeeklyHours: spec.weekly.some((d) => d.length > 0), id: nextId++, recent: undefined };
    byKey.set(spec.key, compiled);
  }
  byObject.set(calendar, compiled);
  return compiled;
}

/** Sizes of the bounded caches (for tests and diagnostics). */
export function calendarCacheSizes(): { compiled: number; yearTables: number; zoneYears: number } {
  return { compiled: byKey.size, yearTables: years.size, zoneYears: zoneYearCacheSize() };
}

/** The year table whose [start, end) contains instant `t`. */
export function yearTableAt(compiled: CompiledCalendar, t: number): YearTable {
  const recent = compiled.recent;
  if (recent !== undefined && t >= recent.start && t < recent.end) return recent;
  // The local year differs from the UTC year by at most one, near New Year.
  const utcYear = new Date(t).getUTCFullYear();
  let table = yearTable(compiled, utcYear);
  if (t < table.start) table = yearTable(compiled, utcYear - 1);
  else if (t >= table.end) table = yearTable(compiled, utcYear + 1);
  compiled.recent = table;
  return table;
}

export function yearTable(compiled: CompiledCalendar, year: number): YearTable {
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw new BadArgumentError(`Business time is computed for years ${MIN_YEAR} to ${MAX_YEAR} only (asked for ${year})`);
  }
  // Numeric keys keep the hot path free of string building; ids never repeat.
  const key = compiled.id * 16_384 + year;
  let table = years.get(key);
  if (table === undefined) {
    table = buildYear(compiled.spec, year);
    years.set(key, table);
  }
  return table;
}

function buildYear(spec: NormalizedCalendar, year: number): YearTable {
  const zone = zoneYear(spec.zone, year);
  const start = localToInstant(zone, dayNumber(year, 1, 1) * DAY_MS);
  const end = localToInstant(zone, dayNumber(year + 1, 1, 1) * DAY_MS);
  // A day's intervals lie within its local day and the next, so Dec 30 .. Jan 2 covers every interval
  // that can reach into [start, end) even with a day-long offset swing.
  const raw: Array<[number, number]> = [];
  const lastDay = dayNumber(year + 1, 1, 2);
  for (let day = dayNumber(year - 1, 12, 30); day <= lastDay; day++) {
    if (spec.holidays.has(day)) continue; // the day an interval starts on decides (docs/semantics.md §1)
    for (const [from, to] of spec.weekly[weekdayIndex(day)]!) {
      const a = Math.max(start, localToInstant(zone, day * DAY_MS + from * MINUTE_MS));
      const b = Math.min(end, localToInstant(zone, day * DAY_MS + to * MINUTE_MS));
      // b <= a when the whole interval sits in a spring-forward gap: it never happens on the clock.
      if (b > a) raw.push([a, b]);
    }
  }
  raw.sort((x, y) => x[0] - y[0]);
  // Union: overlapping and touching intervals merge, so the earliest end of a window is found.
  const merged: Array<[number, number]> = [];
  for (const interval of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([interval[0], interval[1]]);
  }
  const starts = new Float64Array(merged.length);
  const ends = new Float64Array(merged.length);
  const cumEnd = new Float64Array(merged.length);
  let total = 0;
  merged.forEach(([a, b], i) => {
    starts[i] = a;
    ends[i] = b;
    total += b - a;
    cumEnd[i] = total;
  });
  return { year, start, end, starts, ends, cumEnd, total };
}

/** Working time in [table.start, t) for t >= table.start; saturates at the total past the last interval. */
export function measureBefore(table: YearTable, t: number): number {
  const { starts, ends, cumEnd } = table;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  if (i < 0) return 0;
  const end = ends[i]!;
  return t >= end ? cumEnd[i]! : cumEnd[i]! - (end - t);
}

/** The earliest instant with `measure` working time since table.start; needs 0 < measure <= total. */
export function instantAtMeasure(table: YearTable, measure: number): number {
  const { ends, cumEnd } = table;
  let lo = 0;
  let hi = cumEnd.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumEnd[mid]! >= measure) hi = mid;
    else lo = mid + 1;
  }
  return ends[lo]! - (cumEnd[lo]! - measure);
}
