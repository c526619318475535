/**
 * The daily status bar: one cell per local day (oldest left), coloured by what happened that day and
 * named in words — each cell has a `<title>` (shown on hover), and the caption says in text how many
 * days were what and which days were not operational, so colour is never the only signal.
 */
import { DateTime } from 'luxon';
import { formatPercent } from '../../src/format/percent.ts';
import { count } from '../../src/messages/views/plain.ts';
import type { DayStatus } from '../../src/usecases/charts.ts';
import { html, type Html } from './html.ts';

/** Days on the bar. */
export const BAR_DAYS = 90;

export const DAY_WORDS: Record<DayStatus['status'], string> = {
  operational: 'operational',
  degraded: 'degraded',
  outage: 'outage',
  maintenance: 'maintenance',
  'no-data': 'no data',
};

const ORDER: DayStatus['status'][] = ['outage', 'degraded', 'maintenance', 'operational', 'no-data'];

function dayText(day: string): string {
  return DateTime.fromISO(day).setLocale('en-GB').toFormat('ccc d LLL yyyy');
}

function shortDay(day: string): string {
  return DateTime.fromISO(day).setLocale('en-GB').toFormat('d LLL');
}

/** `Mon 3 Nov 2026: outage, 99.12% available`. */
export function dayTitle(d: DayStatus): string {
  const available = d.availability === null ? '' : `, ${formatPercent(d.availability, 2, { rounding: 'down' })} available`;
  return `${dayText(d.day)}: ${DAY_WORDS[d.status]}${available}`;
}

/** `87 operational · 2 degraded · 1 outage` (only the kinds that occur, worst first). */
export function daySummary(days: readonly DayStatus[]): string {
  return ORDER.map((s) => [s, days.filter((d) => d.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${DAY_WORDS[s]}`)
    .join(' · ');
}

/** The bar of one service, with its caption. `name` says whose bar it is. */
export function dayBar(days: readonly DayStatus[], name: string): Html {
  const cell = 10;
  const width = Math.max(1, days.length) * cell;
  const rects = days.map(
    (d, i) => html`<rect x="${i * cell + 1}" y="${d.status === 'no-data' ? 14 : 0}" width="${cell - 2}" height="${d.status === 'no-data' ? 8 : 36}" class="${d.status}"><title>${dayTitle(d)}</title></rect>`,
  );
  const bad = ORDER.filter((s) => s !== 'operational' && s !== 'no-data')
    .map((s) => [s, days.filter((d) => d.status === s)] as const)
    .filter(([, list]) => list.length > 0)
    .map(([s, list]) => html`<br>${capitalise(DAY_WORDS[s])}: ${list.slice(-10).map((d) => shortDay(d.day)).join(', ')}${list.length > 10 ? ` and ${list.length - 10} earlier` : ''}.`);
  const label = `${name}: daily status over the last ${count(days.length, 'day')}, oldest first`;
  return html`<figure class="days"><svg viewBox="0 0 ${width} 36" preserveAspectRatio="none" role="img" aria-label="${label}" focusable="false">${rects}</svg><figcaption>Last ${count(days.length, 'day')}: ${daySummary(days)}.${bad}</figcaption></figure>`;
}

/** What the colours mean, once per page. */
export function dayLegend(): Html {
  return html`<ul class="legend" aria-label="Colours of the daily bars">${(['operational', 'degraded', 'outage', 'maintenance', 'no-data'] as const).map((s) => html`<li class="${s}">${capitalise(DAY_WORDS[s])}</li>`)}</ul>`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
