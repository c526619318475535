/**
 * Holidays as `calendar show` lists them: grouped by where they came from (docs/semantics.md §1,
 * "Imported holidays"), each group with its count and its dates, compact (one year prefix per year).
 */
import { holidayGroups, MANUAL_SOURCE } from '../../calendar/holiday-sources.ts';
import type { NamedCalendar } from '../../domain/service.ts';

/** Dates shown per source; older ones are counted. */
const SHOWN_PER_SOURCE = 60;

/** `manual` → `by hand`, `ics:x.ics` → `file x.ics`, `country:DE-BY` → `country DE-BY`. */
export function holidaySourceLabel(source: string): string {
  if (source === MANUAL_SOURCE) return 'by hand';
  if (source.startsWith('ics:')) return `file ${source.slice(4)}`;
  if (source.startsWith('country:')) return `country ${source.slice(8)}`;
  return source;
}

/**
 * The calendar's holidays as label/value lines. Holidays all typed by hand keep the one plain line
 * `Holidays: 2026-12-25, 2026-12-26`; otherwise a total, then one line per source:
 * `Country DE-BY (12): 2026: 01-01, 01-06, … · 2027: 01-01`.
 */
export function holidayFields(c: NamedCalendar): Array<{ label: string; value: string }> {
  const holidays = c.holidays ?? [];
  if (holidays.length === 0) return [{ label: 'Holidays', value: 'none' }];
  const groups = holidayGroups(c);
  if (groups.length === 1 && groups[0]!.source === MANUAL_SOURCE) {
    const shown = holidays.slice(-40);
    return [{ label: 'Holidays', value: `${holidays.length > shown.length ? '…, ' : ''}${shown.join(', ')}` }];
  }
  const label = (s: string) => holidaySourceLabel(s).replace(/^./, (ch) => ch.toUpperCase());
  return [
    { label: 'Holidays', value: `${holidays.length}, from ${groups.length === 1 ? 'one source' : `${groups.length} sources`}` },
    ...groups.map((g) => ({ label: `${label(g.source)} (${g.dates.length})`, value: compactDates(g.dates) })),
  ];
}

/** `2026: 01-01, 01-06 · 2027: 01-01`, the latest SHOWN_PER_SOURCE dates (earlier ones as `…`). */
export function compactDates(dates: readonly string[]): string {
  const shown = dates.slice(-SHOWN_PER_SOURCE);
  const years = new Map<string, string[]>();
  for (const d of shown) {
    const y = d.slice(0, 4);
    const list = years.get(y);
    if (list) list.push(d.slice(5));
    else years.set(y, [d.slice(5)]);
  }
  const text = [...years].map(([y, days]) => `${y}: ${days.join(', ')}`).join(' · ');
  return dates.length > shown.length ? `…${dates.length - shown.length} earlier · ${text}` : text;
}
