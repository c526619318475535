/**
 * The scheduled digest (docs/semantics.md §5): per subscribed service, availability against target over its
 * window, error budget left, incidents opened and resolved in the period, breaches, MTTA, MTTR, and the
 * open incidents with their time to breach. Long estates are capped; a late digest says so.
 */
import type { BudgetChart } from '../../charts/chart.ts';
import { chartAlt } from '../../charts/alt.ts';
import { formatIncidentRef } from '../../domain/incident-id.ts';
import { formatDuration } from '../../format/duration.ts';
import type { Report } from '../../model/report.ts';
import type { OpenIncident, ServiceStatus } from '../../model/status.ts';
import type { Block, Message, Text } from '../message.ts';
import { storedText } from '../stored-text.ts';
import { at, count, joinParts, mergeText } from './plain.ts';
import { meanText } from './report.ts';
import { availabilityText, budgetText } from './service-line.ts';

export type DigestInput = {
  title: string;
  /** The period the digest covers, `[from, to)`. */
  from: Date;
  to: Date;
  late: boolean;
  statuses: ServiceStatus[];
  report: Report;
  open: OpenIncident[];
  now: Date;
  /** Budget burn-downs of the services with the least budget left (at most a few), drawn under the list. */
  budgets?: BudgetChart[];
};

const SERVICE_CAP = 15;
const OPEN_CAP = 10;

export function digestView(d: DigestInput, opts: { timezone: string }): Message {
  const zone = opts.timezone;
  const blocks: Block[] = [{ type: 'header', text: d.title }, { type: 'context', text: ['From ', at(d.from, zone), ' to ', at(d.to, zone), d.late ? ' · sent late: Pacta was not running at the scheduled time' : ''] }];
  const o = d.report.overall;
  blocks.push({
    type: 'fields',
    fields: [
      { label: 'Incidents', value: `${count(o.opened, 'opened', 'opened')}, ${o.resolved} resolved` },
      { label: 'Breaches', value: o.breaches ? `${o.breaches} (${count(o.breachedClocks, 'clock')})` : 'none' },
      { label: 'MTTA', value: meanText(o.mttaMs, o.mttaBusinessMs) },
      { label: 'MTTR', value: meanText(o.mttrMs, o.mttrBusinessMs) },
    ],
  });
  const reports = new Map(d.report.services.map((r) => [r.service.key, r]));
  const lines: Text[] = d.statuses.slice(0, SERVICE_CAP).map((s) => {
    const r = reports.get(s.service.key);
    return joinParts([
      { bold: s.service.key },
      s.objective ? availabilityText(s.objective) : 'no objective',
      s.objective ? budgetText(s.objective) : null,
      r ? `${r.stats.opened} opened, ${r.stats.resolved} resolved` : null,
      r && r.stats.breaches ? count(r.stats.breaches, 'breach', 'breaches') : null,
      r && r.stats.mttaMs !== null ? `MTTA ${meanText(r.stats.mttaMs, r.stats.mttaBusinessMs)}` : null,
      r && r.stats.mttrMs !== null ? `MTTR ${meanText(r.stats.mttrMs, r.stats.mttrBusinessMs)}` : null,
    ]);
  });
  if (lines.length) blocks.push({ type: 'list', items: lines });
  if (d.statuses.length > SERVICE_CAP) blocks.push({ type: 'context', text: `…and ${d.statuses.length - SERVICE_CAP} more services — \`status\` shows them all.` });
  for (const chart of d.budgets ?? []) blocks.push({ type: 'image', chart, alt: chartAlt(chart, zone) });
  if (d.open.length) {
    blocks.push({ type: 'text', text: { bold: `Open incidents (${d.open.length})` } });
    blocks.push({ type: 'list', items: d.open.slice(0, OPEN_CAP).map((i) => openLine(i, d.now, zone)) });
    if (d.open.length > OPEN_CAP) blocks.push({ type: 'context', text: `…and ${d.open.length - OPEN_CAP} more — \`incidents\` lists them.` });
  } else blocks.push({ type: 'text', text: 'No open incidents.' });
  return { fallback: `${d.title}: ${o.opened} opened, ${o.resolved} resolved, ${o.breaches} breaches, ${d.open.length} open${d.late ? ' (late)' : ''}`, blocks };
}

/** `INC-4 · P1 · title — resolve breaches in 2h 5m` or `— ack breached`. */
function openLine(o: OpenIncident, now: Date, zone: string): Text {
  const next = o.clocks.filter((c) => c.state !== 'met' && c.dueAt).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())[0];
  let clock: Text = 'no SLA clock running';
  if (next?.state === 'breached') clock = `${next.kind} breached`;
  else if (next?.state === 'paused') clock = `${next.kind} paused`;
  else if (next?.dueAt) clock = [`${next.kind} breaches in ${formatDuration(Math.max(0, next.dueAt.getTime() - now.getTime()), { style: 'compact' })} (`, at(next.dueAt, zone), ')'];
  return mergeText(joinParts([[`${formatIncidentRef(o.incident.number)} · ${o.incident.priority} · `, ...storedText(o.incident.title, o.incident.openedBy)], clock]));
}

