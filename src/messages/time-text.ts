/**
 * Text for an instant, in a zone, with the zone named: `Wed 25 Nov 14:05 CET`. Shared by renderers that
 * cannot defer to the reader's client (the console, and fallback text in Slack and Teams).
 */
import { DateTime } from 'luxon';
import type { TimeSource } from '../time-source.ts';
import { formatDuration } from '../format/duration.ts';

/** How a time span is shown; mirrors the `style` of the time {@link import('./message.ts').Span}. */
export type TimeStyle = 'datetime' | 'time' | 'relative';

// Intl names zones per locale: en-US knows EST but says GMT+1 for Berlin, en-GB knows CET but says
// GMT-5 for New York. Asking a few English locales and keeping the first real abbreviation gives the
// names people use; a zone nobody abbreviates (Asia/Tokyo) falls back to its UTC offset.
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];
const OFFSET_ONLY = /^GMT[+-]/;

/** The first zone of `zones` that luxon knows, else UTC. */
export function pickZone(...zones: Array<string | undefined>): string {
  for (const z of zones) {
    if (z && DateTime.fromMillis(0, { zone: z }).isValid) return z;
  }
  return 'UTC';
}

// Naming a zone asks Intl several times and is the costliest part of formatting a time, and a reply can
// show dozens. A zone's name changes only at its transitions, which fall on quarter hours (UTC), so one
// answer per zone and quarter hour is exact; the map is bounded and simply starts over when full.
const ABBREVIATIONS = new Map<string, string>();
const ABBREVIATIONS_MAX = 10_000;
const QUARTER_HOUR_MS = 900_000;

/** The zone's abbreviation at that instant (`CET`, `CEST`, `EST`), else its offset (`UTC+9`). */
export function zoneAbbreviation(time: Date, zone: string): string {
  const key = `${zone}@${Math.floor(time.getTime() / QUARTER_HOUR_MS)}`;
  let name = ABBREVIATIONS.get(key);
  if (name === undefined) {
    name = lookUpAbbreviation(time, zone);
    if (ABBREVIATIONS.size >= ABBREVIATIONS_MAX) ABBREVIATIONS.clear();
    ABBREVIATIONS.set(key, name);
  }
  return name;
}

function lookUpAbbreviation(time: Date, zone: string): string {
  for (const locale of ZONE_NAME_LOCALES) {
    const name = DateTime.fromJSDate(time, { zone }).setLocale(locale).toFormat('ZZZZ');
    if (name && !OFFSET_ONLY.test(name)) return name;
  }
  const dt = DateTime.fromJSDate(time, { zone });
  return dt.offset === 0 ? 'UTC' : `UTC${dt.toFormat('Z')}`;
}

/**
 * Formats `time` in `zone` with the zone named.
 * - `datetime`: `Wed 25 Nov 14:05 CET`, with the year when it is not the current year in `zone`
 *   (`Tue 9 Oct 2068 17:00 CEST`): a date in another year must not pass for one in this year.
 * - `time`: `14:05 CET`, for times whose day the surrounding text already gives.
 * - `relative`: `in 2h 5m`, `3m ago`, `now` when `now` is given; without it, as `datetime`, because a
 *   relative time computed from a guessed "now" would be silently wrong.
 * "Current" is `now` when given (the console passes its own), else the year time source (see
 * {@link setYearTime}); with neither, the year is always shown.
 * An unknown zone falls back to UTC rather than throwing: a formatter must not break a reply.
 */
export function formatInstant(time: Date, zone: string, style: TimeStyle = 'datetime', now?: Date): string {
  if (Number.isNaN(time.getTime())) return 'n/a';
  if (style === 'relative' && now) return formatRelative(time, now);
  const z = pickZone(zone);
  const dt = DateTime.fromJSDate(time, { zone: z }).setLocale('en-GB');
  const format = style === 'time' ? 'HH:mm' : isCurrentYear(dt, now) ? 'ccc d LLL HH:mm' : 'ccc d LLL yyyy HH:mm';
  return `${dt.toFormat(format)} ${zoneAbbreviation(time, z)}`;
}

/**
 * Whether `dt` falls in the current year (of `now`, else of the year time source) in `dt`'s own zone. With
 * neither, the year cannot be told current, so it is shown.
 */
function isCurrentYear(dt: DateTime, now: Date | undefined): boolean {
  const reference = now && !Number.isNaN(now.getTime()) ? now : yearTime?.now();
  return reference !== undefined && DateTime.fromJSDate(reference, { zone: dt.zone }).year === dt.year;
}

let yearTime: TimeSource | null = null;

/**
 * Sets where "the current year" comes from for times formatted without a `now` (fallback text is
 * composed far from any time source): the application's time source, set where Pacta is wired. `null` unsets it,
 * and then such times always show their year. Tests pin it so that their fixed dates read the same in
 * any year.
 */
export function setYearTime(time: TimeSource | null): void {
  yearTime = time;
}

/** `in 2h 5m`, `3m ago` or `now`, using the compact duration style of the rest of Pacta. */
export function formatRelative(time: Date, now: Date): string {
  const ms = time.getTime() - now.getTime();
  const text = formatDuration(Math.abs(ms), { style: 'compact' });
  if (text === '0s') return 'now';
  return ms > 0 ? `in ${text}` : `${text} ago`;
}

/**
 * UTC ISO 8601 without milliseconds (`2026-11-25T13:05:00Z`): the form Adaptive Card `DATE()`/`TIME()`
 * functions require, and a stable form for machine-readable output in general.
 */
export function isoSeconds(time: Date): string {
  return new Date(Math.floor(time.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
