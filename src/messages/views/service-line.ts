/**
 * The figures of one service as short phrases — availability against target, error budget left, open
 * incidents, the nearest breach — shared by the status overview (one line per service) and the
 * single-service status.
 */
import { formatIncidentRef } from '../../domain/incident.ts';
import { formatDuration } from '../../format/duration.ts';
import { formatPercent } from '../../format/percent.ts';
import type { ServiceObjectiveStatus, ServiceStatus } from '../../usecases/queries.ts';
import type { Span, Text } from '../message.ts';
import { at, count, joinParts } from './plain.ts';

/** Availability against target, rounded down so a miss never prints as a pass: `99.87% of 99.9%`. */
export function availabilityText(o: ServiceObjectiveStatus): string {
  return `${formatPercent(o.availability, 2, { rounding: 'down' })} of ${targetText(o.target)}`;
}

/** A target as people typed it: 0.999 → `99.9%`. */
export function targetText(target: number): string {
  return `${Number((target * 100).toPrecision(10))}%`;
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
