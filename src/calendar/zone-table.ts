import { IANAZone } from 'luxon';
import { BadArgumentError } from '../errors.ts';
import { DAY_MS, dayNumber } from './local-date.ts';
import { Lru } from './lru.ts';

/**
 * The UTC offsets one zone uses around one local year, read from luxon's zone rules.
 * Segment i runs from `starts[i]` (epoch ms; -Infinity for the first) up to `starts[i + 1]` at
 * `offsets[i]` ms east of UTC. The window covers local dates from Dec 30 of the year before to Jan 3
 * of the year after, with a day of margin for the offset itself.
 *
 * Why a table rather than a luxon DateTime per interval end: luxon construction costs ~15 µs and a year
 * of a busy calendar has thousands of interval ends. Asking luxon for the offset once a day and bisecting
 * where it changes costs ~2 ms per zone-year, shared by every calendar in that zone.
 */
export type ZoneYear = { readonly starts: readonly number[]; readonly offsets: readonly number[] };

const cache = new Lru<string, ZoneYear>(256);

/** Entries in the zone-year cache (for tests and diagnostics). */
export function zoneYearCacheSize(): number {
  return cache.size;
}

export function zoneYear(zone: string, year: number): ZoneYear {
  const key = `${zone}\u0000${year}`;
  let table = cache.get(key);
  if (table === undefined) {
    table = scanZone(zone, dayNumber(year - 1, 12, 28) * DAY_MS, dayNumber(year + 1, 1, 6) * DAY_MS);
    cache.set(key, table);
  }
  return table;
}

function scanZone(zoneName: string, from: number, to: number): ZoneYear {
  const zone = IANAZone.create(zoneName);
  const offsetAt = (t: number): number => {
    const minutes = zone.offset(t);
    if (!Number.isFinite(minutes)) throw new BadArgumentError(`Time zone ${zoneName} has no offset at ${t}`);
    // Old local-mean-time offsets have seconds, which luxon reports as fractional minutes.
    return Math.round(minutes * 60_000);
  };
  const starts = [-Infinity];
  const offsets = [offsetAt(from)];
  // Samples sit on UTC midnights, so overlapping windows of neighbouring years find the same transitions.
  // Two transitions within one day that cancel out would be missed; tzdb has none that matter here.
  for (let prev = from, t = from + DAY_MS; prev < to; prev = t, t += DAY_MS) {
    const offset = offsetAt(t);
    let lo = prev;
    while (offsets[offsets.length - 1] !== offset) {
      // A change lies in (lo, t]. luxon reads offsets per whole second and tzdb transitions fall on
      // whole seconds, so bisect on seconds until the first second with a new offset is found.
      const before = offsets[offsets.length - 1];
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetAt(mid) === before) lo = mid;
        else hi = mid;
      }
      starts.push(hi);
      offsets.push(offsetAt(hi));
      lo = hi;
    }
  }
  return { starts, offsets };
}

/**
 * The instant of a local wall-clock time (given as `day * DAY_MS + ms into the day`) under docs/semantics.md §1:
 * an ambiguous time (fall-back) takes its first occurrence; a time in a spring-forward gap moves forward
 * by the gap, which is the same as reading it with the offset in force before the transition.
 */
export function localToInstant(table: ZoneYear, local: number): number {
  const { starts, offsets } = table;
  const n = offsets.length;
  for (let i = 0; i < n; i++) {
    const t = local - offsets[i]!;
    // Segments are in time order, so the first that contains its reading is the earliest occurrence.
    if (t >= starts[i]! && (i + 1 === n || t < starts[i + 1]!)) return t;
  }
  for (let j = 1; j < n; j++) {
    const transition = starts[j]!;
    if (local >= transition + offsets[j - 1]! && local < transition + offsets[j]!) return local - offsets[j - 1]!;
  }
  throw new Error(`local time ${local} is neither on the clock nor in a gap of the zone table`);
}
