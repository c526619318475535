/**
 * Where a calendar's holidays came from (docs/semantics.md §1, "Imported holidays"): `manual`,
 * `ics:<file name>` or `country:<CC>[-<region>]`, by date.
 */
import type { NamedCalendar } from '../domain/service.ts';

export const MANUAL_SOURCE = 'manual';

/** One source's holidays of a calendar, for `calendar show`. */
export type HolidayGroup = { source: string; dates: string[] };

/** Every holiday's source (dates without one were typed by hand before sources were recorded). */
export function sourcesOf(c: NamedCalendar): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of c.holidays ?? []) out[d] = c.holidaySources?.[d] ?? MANUAL_SOURCE;
  return out;
}

/** The holidays grouped by source: by hand first, then the others by name; dates sorted. */
export function holidayGroups(c: NamedCalendar): HolidayGroup[] {
  const groups = new Map<string, string[]>();
  for (const [d, s] of Object.entries(sourcesOf(c)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const list = groups.get(s);
    if (list) list.push(d);
    else groups.set(s, [d]);
  }
  return [...groups]
    .map(([source, dates]) => ({ source, dates }))
    .sort((a, b) => (a.source === MANUAL_SOURCE ? -1 : b.source === MANUAL_SOURCE ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

