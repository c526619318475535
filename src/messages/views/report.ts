/**
 * `report`: how services did over a period — attainment against target (over the whole period for a
 * calendar period, docs/semantics.md §3), breaches, MTTA and MTTR
 * (wall-clock, and business time as the SLA clocks count it) — per service and overall. Services with
 * something to say come first; a quiet tail is counted so a thousand services stay one short message.
 */
import { formatDuration } from '../../format/duration.ts';
import { percentText } from '../../slo/credits.ts';
import type { IncidentStats } from '../../slo/incident-stats.ts';
import type { Report, ServiceReport } from '../../model/report.ts';
import type { Block, Message, Text } from '../message.ts';
import { at, count, joinParts, plain, withCode } from './plain.ts';
import { attainmentPercent, calendarPeriodText, targetText } from './service-line.ts';

/** Options of {@link reportView}. */
export type ReportOptions = {
  /** The reader's IANA zone. */
  timezone: string;
  /** Service lines listed before the rest is counted; default 20. */
  cap?: number;
};

const PERIOD_WORDS: Record<string, string> = { '7d': 'last 7 days', '30d': 'last 30 days', month: 'this month', quarter: 'this quarter' };

/**
 * A report period in words: `30d` → `last 30 days`; a calendar period with its report's `calendar` →
 * `November, 23 days in` (docs/semantics.md §3: its availability is the whole month's if nothing else goes down).
 */
export function periodText(period: string, calendar?: Report['calendar']): string {
  if (calendar) return calendarPeriodText(calendar);
  return PERIOD_WORDS[period] ?? `last ${period}`;
}

const d = (ms: number | null): string => (ms === null ? '—' : formatDuration(ms, { style: 'compact' }));

/** `5m (business 4m)`, or `—` when nothing to average. */
export function meanText(wall: number | null, business: number | null): string {
  if (wall === null) return '—';
  return business === null || business === wall ? d(wall) : `${d(wall)} (business ${d(business)})`;
}

/** `99.95% of 99.9% ✓`, `99.80% of 99.9% ✗ missed`, or null without an objective. */
export function attainmentText(r: ServiceReport): string | null {
  if (r.availability === null || r.target === null) return null;
  const met = r.met ?? r.availability >= r.target;
  return `${attainmentPercent(r.availability, r.target, met)} of ${targetText(r.target)} ${met ? '✓' : '✗ missed'}`;
}

/**
 * Which service credit tier the period falls in, and why (docs/semantics.md §8): `Availability 99.87% is
 * below 99.9%: credit 10%`, or `Availability 99.95% meets every tier: no credit`; null without credits.
 * The figure is printed to agree with the tier, as {@link attainmentPercent} does for the target.
 */
export function creditText(r: ServiceReport): string | null {
  if (!r.credit || r.availability === null) return null;
  const { tier, tiers } = r.credit;
  if (tier) return `Availability ${attainmentPercent(r.availability, tier.below / 100, false)} is below ${percentText(tier.below)}: credit ${percentText(tier.credit)}`;
  const top = tiers[0];
  return top ? `Availability ${attainmentPercent(r.availability, top.below / 100, true)} meets every tier: no credit` : null;
}

function incidentsText(s: IncidentStats): string {
  return `${count(s.opened, 'incident')} opened, ${s.resolved} resolved`;
}

function breachesText(s: IncidentStats, clocks: number): string {
  return s.breaches === 0 ? 'no breaches' : `${count(s.breaches, 'breach', 'breaches')} (${count(clocks, 'clock')})`;
}

/** Services worth a line, worst first: missed objectives, then most breaches, then most incidents. */
function ranked(services: readonly ServiceReport[]): ServiceReport[] {
  return [...services].sort(
    (a, b) =>
      Number(b.met === false) - Number(a.met === false) ||
      b.stats.breaches - a.stats.breaches ||
      b.stats.opened - a.stats.opened ||
      a.service.key.localeCompare(b.service.key),
  );
}

/** The report of a period, for one service or all. */
export function reportView(report: Report, opts: ReportOptions): Message {
  const zone = opts.timezone;
  const cap = opts.cap ?? 20;
  const single = report.services.length === 1 ? report.services[0] : undefined;
  const scope = single ? single.service.key : 'all services';
  const title = `Report · ${scope} · ${periodText(report.period, report.calendar)}`;
  const o = report.overall;
  // Incidents are those of the period so far; availability is over the whole calendar period, and says so.
  const whole = report.calendar ? ` · availability is for all of ${report.calendar.name}, if nothing else goes down` : '';
  const blocks: Block[] = [{ type: 'header', text: title }, { type: 'context', text: ['From ', at(report.from, zone), ' to ', at(report.to, zone), whole] }];
  const fields: Array<{ label: string; value: Text }> = [];
  if (single) {
    fields.push({ label: 'Availability', value: attainmentText(single) ?? 'no availability objective' });
    const credit = creditText(single);
    if (credit) fields.push({ label: 'Service credit', value: credit });
  } else {
    const withObjective = report.services.filter((s) => s.met !== null);
    const met = withObjective.filter((s) => s.met).length;
    fields.push({ label: 'Objectives met', value: withObjective.length ? `${met} of ${count(withObjective.length, 'service')}` : 'no service has an objective' });
  }
  fields.push(
    { label: 'Incidents', value: incidentsText(o) },
    { label: 'Breaches', value: breachesText(o, o.breachedClocks) },
    { label: 'MTTA', value: meanText(o.mttaMs, o.mttaBusinessMs) },
    { label: 'MTTR', value: meanText(o.mttrMs, o.mttrBusinessMs) },
  );
  blocks.push({ type: 'fields', fields });
  if (!single && report.services.length) {
    const order = ranked(report.services);
    const notable = order.filter((s) => s.met === false || s.stats.opened > 0 || s.stats.breaches > 0);
    const shown = notable.slice(0, cap);
    if (shown.length) {
      blocks.push({ type: 'text', text: { bold: 'By service' } });
      blocks.push({ type: 'list', items: shown.map(serviceItem) });
    }
    const quiet = report.services.length - notable.length;
    const more = notable.length - shown.length;
    const tail = joinParts([more > 0 ? withCode(`…and ${more} more with incidents — \`report <service>\` shows one`) : null, quiet > 0 ? `${count(quiet, 'service')} had no incidents and met their objective (if any)` : null]);
    if (tail.length) blocks.push({ type: 'context', text: tail });
  }
  const fallback = plain(
    joinParts([title, single ? attainmentText(single) : null, single ? creditText(single) : null, incidentsText(o), breachesText(o, o.breachedClocks), `MTTA ${meanText(o.mttaMs, o.mttaBusinessMs)}`, `MTTR ${meanText(o.mttrMs, o.mttrBusinessMs)}`]),
  );
  return { fallback, blocks };
}

function serviceItem(r: ServiceReport): Text {
  return [
    { bold: r.service.key },
    ' · ',
    ...joinParts([attainmentText(r), r.credit?.tier ? `credit ${percentText(r.credit.tier.credit)}` : null, incidentsText(r.stats), breachesText(r.stats, r.breachedClocks), `MTTA ${meanText(r.stats.mttaMs, r.stats.mttaBusinessMs)}`, `MTTR ${meanText(r.stats.mttrMs, r.stats.mttrBusinessMs)}`]),
  ];
}
