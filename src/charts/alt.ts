/**
 * A chart in words: one or two plain sentences with its key figures, for screen readers, for the SVG's
 * label, and for platforms (the console) that show no picture. Dates are local dates in the reader's zone.
 */
import { DateTime } from 'luxon';
import { formatDuration } from '../format/duration.ts';
import { formatPercent } from '../format/percent.ts';
import { pickZone } from '../messages/time-text.ts';
import { attainmentPercent, targetText } from '../messages/views/service-line.ts';
import { count } from '../messages/views/plain.ts';
import type { AttainmentChart, AvailabilityChart, BudgetChart, Chart, ResponseTrendChart } from './chart.ts';

/** Incident references named in a budget chart's text before "and N more". */
const NAMED_INCIDENTS = 5;
const DAY_MS = 86_400_000;

/**
 * What `chart` shows, e.g. `Error budget of Payments API · 30d, 30 days to 3 Dec (target 99.9%): 63% left on
 * 23 Nov, ideal 50%; 3 incidents took budget (INC-7, INC-9, INC-12).`
 */
export function chartAlt(chart: Chart, zone: string): string {
  const z = pickZone(zone);
  switch (chart.kind) {
    case 'budget':
      return budgetAlt(chart, z);
    case 'availability':
      return availabilityAlt(chart, z);
    case 'attainment':
      return attainmentAlt(chart, z);
    case 'response':
      return responseAlt(chart, z);
  }
}

function budgetAlt(c: BudgetChart, zone: string): string {
  const span = c.to.getTime() - c.from.getTime();
  const days = Math.round(span / DAY_MS);
  const length = days >= 1 ? count(days, 'day') : formatDuration(span, { style: 'compact' });
  const dates = dateText(zone, [c.from, c.to]);
  const head = `${c.title}, ${length} to ${dates(c.to)} (target ${targetText(c.target)})`;
  const last = c.points[c.points.length - 1];
  if (!last || !Number.isFinite(last.left)) return `${head}: no figures yet.`;
  const ideal = span > 0 ? Math.min(1, Math.max(0, 1 - (last.at.getTime() - c.from.getTime()) / span)) : 0;
  const left = last.left < 0 ? `overspent, ${formatPercent(last.left, 0, { rounding: 'down' })} left` : `${formatPercent(last.left, 0, { rounding: 'down' })} left`;
  const n = c.incidents.length;
  const named = c.incidents.slice(0, NAMED_INCIDENTS).map((i) => i.label);
  const more = n > NAMED_INCIDENTS ? ` and ${n - NAMED_INCIDENTS} more` : '';
  const incidents = n === 0 ? 'no incident took budget' : `${count(n, 'incident')} took budget (${named.join(', ')}${more})`;
  return `${head}: ${left} on ${dates(last.at)}, ideal ${formatPercent(ideal, 0)}; ${incidents}.`;
}

function availabilityAlt(c: AvailabilityChart, zone: string): string {
  const unit = c.bucket;
  const dates = dateText(
    zone,
    c.points.map((p) => p.from),
  );
  const first = c.points[0];
  const lastPoint = c.points[c.points.length - 1];
  if (!first || !lastPoint) return `${c.title}: nothing measured yet.`;
  const head = `${c.title}, ${dates(first.from)} to ${dates(lastPoint.from)}`;
  const measured = c.points.filter((p): p is { from: Date; availability: number } => p.availability !== null && Number.isFinite(p.availability));
  if (measured.length === 0) return `${head}: nothing measured yet.`;
  const target = c.target;
  const parts: string[] = [];
  if (measured.every((p) => p.availability >= 1)) parts.push(`100% every ${unit} measured`);
  else {
    const lowest = measured.reduce((a, b) => (b.availability < a.availability ? b : a));
    const pct = target != null ? attainmentPercent(lowest.availability, target, lowest.availability >= target) : formatPercent(lowest.availability, 2, { rounding: 'down' });
    parts.push(`lowest ${pct} on ${dates(lowest.from)}`);
  }
  if (target != null) {
    parts.push(`target ${targetText(target)}`);
    parts.push(`${count(measured.filter((p) => p.availability < target).length, unit)} below target`);
  }
  const missing = c.points.length - measured.length;
  if (missing > 0) parts.push(`${count(missing, unit)} not measured`);
  return `${head}: ${parts.join(', ')}.`;
}

function attainmentAlt(c: AttainmentChart, zone: string): string {
  if (c.weeks.length === 0) return `${c.title}: no SLA clock ended in these weeks.`;
  const starts = c.weeks.map((w) => w.from).sort((a, b) => a.getTime() - b.getTime());
  const dates = dateText(zone, starts);
  const weeks = new Set(starts.map((d) => d.getTime())).size;
  const priorities = [...new Set(c.weeks.map((w) => w.priority))].sort();
  const head = `${c.title}, ${count(weeks, 'week')} from ${dates(starts[0]!)}, ${priorities.length === 1 ? 'priority' : 'priorities'} ${priorities.join(', ')}`;
  const figures = c.weeks.flatMap((w) => [
    { w, clock: 'acknowledge', met: w.ackMet },
    { w, clock: 'resolve', met: w.resolveMet },
  ]);
  const ended = figures.filter((f): f is typeof f & { met: number } => f.met !== null && Number.isFinite(f.met));
  if (ended.length === 0) return `${head}: no SLA clock ended in these weeks.`;
  if (ended.every((f) => f.met >= 1)) return `${head}: every SLA clock that ended was met.`;
  const worst = ended.reduce((a, b) => (b.met < a.met ? b : a));
  return `${head}. Lowest: ${worst.w.priority} ${worst.clock} clocks ${formatPercent(worst.met, 0, { rounding: 'down' })} met in the week of ${dates(worst.w.from)}.`;
}

function responseAlt(c: ResponseTrendChart, zone: string): string {
  const first = c.points[0];
  if (!first) return `${c.title}: no incidents yet.`;
  const dates = dateText(
    zone,
    c.points.map((p) => p.from),
  );
  const head = `${c.title}, ${count(c.points.length, 'week')} from ${dates(first.from)}`;
  const parts: string[] = [];
  for (const [name, pick] of [
    ['MTTA', (p: ResponseTrendChart['points'][number]) => p.mttaMs],
    ['MTTR', (p: ResponseTrendChart['points'][number]) => p.mttrMs],
  ] as const) {
    const known = c.points.filter((p) => pick(p) !== null && Number.isFinite(pick(p)));
    if (known.length === 0) continue;
    const latest = known[known.length - 1]!;
    const highest = known.reduce((a, b) => (pick(b)! > pick(a)! ? b : a));
    const d = (ms: number) => formatDuration(ms, { style: 'compact' });
    const peak = highest === latest ? '' : ` (highest ${d(pick(highest)!)} in the week of ${dates(highest.from)})`;
    parts.push(`${name} ${d(pick(latest)!)} in the week of ${dates(latest.from)}${peak}`);
  }
  if (parts.length === 0) return `${head}: no incident was acknowledged or resolved.`;
  return `${head}: ${parts.join('; ')}.`;
}

/** Local dates `12 Nov`, with the year when the chart's dates are not all in one year. */
function dateText(zone: string, all: Date[]): (d: Date) => string {
  const years = new Set(all.map((d) => DateTime.fromJSDate(d, { zone }).year));
  const format = years.size > 1 ? 'd LLL yyyy' : 'd LLL';
  return (d) => DateTime.fromJSDate(d, { zone }).setLocale('en-GB').toFormat(format);
}
