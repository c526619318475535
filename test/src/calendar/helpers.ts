import { DateTime, IANAZone } from 'luxon';
import { WEEKDAYS, type Calendar } from '../../../src/calendar/types.ts';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** An instant from a local wall-clock ISO text in `zone` (test inputs avoid DST gaps/overlaps here). */
export function local(zone: string, iso: string): Date {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${iso}`);
  return dt.toJSDate();
}

export const utc = (iso: string): Date => new Date(`${iso}Z`);

/** Formats an instant in `zone` as local ISO without offset, for readable assertions. */
export function wall(zone: string, date: Date): string {
  return DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/**
 * Independent oracle for docs/semantics.md §1, built straight on luxon DateTimes (slow, for short windows only):
 * each interval end is a luxon local time, taking the earliest of getPossibleOffsets() for ambiguous times
 * and luxon's forward shift for times in a gap.
 */
function referenceInstant(zone: string, date: DateTime, minutes: number): number {
  const day = date.plus({ days: Math.floor(minutes / 1440) });
  const dt = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor((minutes % 1440) / 60), minute: minutes % 60 },
    { zone },
  );
  return Math.min(...dt.getPossibleOffsets().map((x) => x.toMillis()));
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function referenceIntervals(calendar: Calendar, from: Date, to: Date): Array<[number, number]> {
  const zone = calendar.timezone;
  const holidays = new Set(calendar.holidays ?? []);
  const first = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 2 });
  const last = DateTime.fromJSDate(to, { zone }).startOf('day').plus({ days: 1 });
  const raw: Array<[number, number]> = [];
  for (let d = DateTime.utc(first.year, first.month, first.day); d <= DateTime.utc(last.year, last.month, last.day); d = d.plus({ days: 1 })) {
    if (holidays.has(d.toISODate()!)) continue;
    for (const [s, e] of calendar.weekly[WEEKDAYS[d.weekday - 1]!] ?? []) {
      const start = toMinutes(s);
      let end = toMinutes(e);
      if (end < start) end += 1440;
      const a = referenceInstant(zone, d, start);
      const b = referenceInstant(zone, d, end);
      if (b > a) raw.push([a, b]);
    }
  }
  return raw;
}

/** Measure of [from, to) ∩ union(reference intervals). */
export function referenceBetween(calendar: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  const clipped = referenceIntervals(calendar, from, to)
    .map(([s, e]): [number, number] => [Math.max(s, a), Math.min(e, b)])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [s, e] of clipped) {
    if (e <= reach) continue;
    total += e - Math.max(s, reach);
    reach = e;
  }
  return total;
}

/** Instants in [from, to] where `zone`'s UTC offset changes, straight from luxon (for test generators). */
export function offsetChanges(zone: string, from: number, to: number): number[] {
  const z = IANAZone.create(zone);
  const changes: number[] = [];
  for (let t = from; t < to; t += 86_400_000) {
    if (z.offset(t) === z.offset(t + 86_400_000)) continue;
    let lo = t;
    let hi = t + 86_400_000;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (z.offset(mid) === z.offset(lo)) lo = mid;
      else hi = mid;
    }
    changes.push(hi);
  }
  return changes;
}
