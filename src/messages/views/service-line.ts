/**
 * The figures of one service as short phrases — availability against target, error budget left, open
 * incidents, the nearest breach — shared by the status overview (one line per service) and the
 * single-service status.
 */
import { formatIncidentRef } from '../../domain/incident-id.ts';
import { formatDuration } from '../../format/duration.ts';
import { formatPercent } from '../../format/percent.ts';
import type { CalendarPeriod } from '../../slo/window.ts';
import type { ServiceObjectiveStatus, ServiceStatus } from '../../model/status.ts';
import type { Span, Text } from '../message.ts';
import { at, count, joinParts } from './plain.ts';

/**
 * Availability against target: `99.87% of 99.9%`; for a calendar window labelled with the period and how
 * far into it we are, `99.95% of 99.9% (December, 12 days in)`, because mid-month the figure is the
 * month's attainment if nothing else goes down (docs/semantics.md §3).
 */
export function availabilityText(o: ServiceObjectiveStatus): string {
  const text = `${attainmentPercent(o.availability, o.target, o.remainingMs >= 0)} of ${targetText(o.target)}`;
  return o.period ? `${text} (${calendarPeriodText(o.period)})` : text;
}

/**
 * What the availability and budget figures are taken over: `last 30 days`, or for a calendar window
 * `all of December (day 12 of 31), if nothing else goes down`.
 */
export function windowText(o: ServiceObjectiveStatus): string {
  if (!o.period) {
    const days = /^(\d+)d$/.exec(o.window);
    return days ? `last ${count(Number(days[1]), 'day')}` : o.window;
  }
  return `all of ${o.period.name} (day ${o.period.day} of ${o.period.days}), if nothing else goes down`;
}

/** A calendar period in words: `December, 12 days in`, `Q4 (Oct–Dec), 1 day in`. */
export function calendarPeriodText(p: CalendarPeriod): string {
  return `${p.name}, ${count(p.day, 'day')} in`;
}

/**
 * An availability figure to set beside its target, agreeing with `met` (availability ≥ target, which is
 * budget left ≥ 0): rounded down, with at least as many decimals as the target has (99.996 % of a 99.995 %
 * target, not 99.99 %), so a pass never prints below the target and a miss never prints at or above it —
 * not even a miss by a fraction of a millisecond, which plain rounding down would print as the target.
 */
export function attainmentPercent(availability: number, target: number, met: boolean): string {
  const digits = Math.min(6, Math.max(2, decimals(target * 100)));
  const scale = 10 ** digits;
  const targetUnits = Math.round(target * 100 * scale);
  const text = formatPercent(availability, digits, { rounding: 'down' });
  const units = Math.round(Number.parseFloat(text) * scale);
  if (met && units < targetUnits) return `${(targetUnits / scale).toFixed(digits)}%`;
  if (!met && units >= targetUnits) return `${((targetUnits - 1) / scale).toFixed(digits)}%`;
  return text;
}

/** A target as people typed it: 0.999 → `99.9%`. */
export function targetText(target: number): string {
  return `${Number((target * 100).toPrecision(10))}%`;
}

/** Decimals of a number as it prints once binary noise is removed: 99.95 → 2. */
function decimals(x: number): number {
  const text = String(Number(x.toPrecision(10)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** `40m 12s left (93%)` or `overspent by 5m (-12%)`. */
export function budgetText(o: ServiceObjectiveStatus): string {
  const pct = formatPercent(o.remainingFraction, 0, { rounding: 'down' });
  if (o.remainingMs < 0) return `budget overspent by ${formatDuration(-o.remainingMs, { style: 'compact' })} (${pct})`;
  return `${formatDuration(o.remainingMs, { style: 'compact' })} budget left (${pct})`;
}

/** The nearest breach: `INC-3 ack due 10:15 CET` or `INC-3 resolve breached`. */
export function nearestText(s: ServiceStatus, zone: string): Span[] | null {
  const n = s.nearest;
  if (!n) return null;
  const ref = `${formatIncidentRef(n.incident)} ${n.kind}`;
  if (n.breached) return [`${ref} breached`];
  return [`${ref} due `, at(n.dueAt, zone)];
}

/** One line: `payments (Payments API) · 2 SLA clocks breached · 99.87% of 99.9% · … · 2 open · INC-3 …`. */
export function serviceLine(s: ServiceStatus, zone: string): Text {
  const name = s.service.name && s.service.name !== s.service.key ? ` (${s.service.name})` : '';
  return [
    { bold: s.service.key },
    name,
    ' · ',
    ...joinParts([
      // Open incidents are counted in their own part below; a reason repeating it would say it twice.
      s.reasons.filter((r) => !/open incident/.test(r)).join(', '),
      s.objective ? availabilityText(s.objective) : 'no availability objective',
      s.objective ? budgetText(s.objective) : null,
      s.openCount ? `${count(s.openCount, 'open incident')}` : null,
      nearestText(s, zone),
    ]),
  ];
}
