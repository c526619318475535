/**
 * `status <service>`: one service in full — its objective, availability and error budget over the same
 * window (docs/semantics.md §3) and what that window is, burn rate, and every open incident with its
 * clocks (elapsed, target, percent, due time in the reader's zone).
 */
import { formatIncidentRef } from '../../domain/incident-id.ts';
import { formatDuration } from '../../format/duration.ts';
import type { ServiceStatus } from '../../model/status.ts';
import type { Block, Message, Text, Tone } from '../message.ts';
import { storedText } from '../stored-text.ts';
import { clockCaption, clockLabel, clockProgress } from './clock-line.ts';
import { at, count, joinParts, mergeText, plain, withCode } from './plain.ts';
import { availabilityText, budgetText, nearestText, targetText, windowText } from './service-line.ts';

/** Options of {@link serviceStatus}. */
export type ServiceStatusOptions = {
  /** The reader's IANA zone. */
  timezone: string;
  /** The instant the status was computed at, for the "as of" line. */
  now: Date;
  /** Open incidents shown with their clocks; the rest are counted. Default 8 (3 blocks each). */
  maxIncidents?: number;
};

const HEALTH_TONE: Record<ServiceStatus['health'], Tone> = { breached: 'danger', at_risk: 'warning', healthy: 'good' };
const HEALTH_WORD: Record<ServiceStatus['health'], string> = { breached: 'breached', at_risk: 'at risk', healthy: 'healthy' };
const BURN: Record<string, string> = { page: 'fast burn: page (budget gone within days)', ticket: 'slow burn: ticket', none: 'normal' };

/** One service with its objective, budget, burn rate and open incidents. */
export function serviceStatus(s: ServiceStatus, opts: ServiceStatusOptions): Message {
  const zone = opts.timezone;
  const max = opts.maxIncidents ?? 8;
  const { service, objective } = s;
  const health = s.reasons.length ? `${HEALTH_WORD[s.health]} — ${s.reasons.join(', ')}` : HEALTH_WORD[s.health];
  const fields: Array<{ label: string; value: Text }> = [
    { label: 'Health', value: health },
    { label: 'Objective', value: objective ? `${targetText(objective.target)} over ${objective.window}` : withCode('none (`service set` adds one)') },
  ];
  if (objective) {
    fields.push({ label: 'Availability', value: availabilityText(objective) });
    fields.push({ label: 'Error budget', value: `${budgetText(objective)}, of ${formatDuration(objective.budgetMs, { style: 'compact' })}` });
    fields.push({ label: 'Window', value: windowText(objective) });
    fields.push({ label: 'Burn rate', value: BURN[objective.burn ?? 'none'] ?? 'normal' });
  }
  fields.push({ label: 'Calendar', value: service.calendar ?? '24x7' });
  const name = service.name && service.name !== service.key ? ` · ${service.name}` : '';
  const blocks: Block[] = [{ type: 'header', text: `${service.key}${name}`, tone: HEALTH_TONE[s.health] }, { type: 'fields', fields }];
  if (objective) {
    blocks.push({
      type: 'progress',
      label: 'Budget used',
      fraction: Number.isFinite(objective.consumedFraction) ? objective.consumedFraction : 1,
      caption: `${formatDuration(objective.downtimeMs, { style: 'compact' })} of ${formatDuration(objective.budgetMs, { style: 'compact' })} downtime allowed`,
      tone: objective.remainingMs < 0 ? 'danger' : objective.remainingFraction < 0.25 ? 'warning' : 'good',
    });
  }
  if (s.open.length === 0) blocks.push({ type: 'text', text: 'No open incidents.' });
  else blocks.push({ type: 'text', text: { bold: `Open incidents (${s.open.length})` } });
  for (const o of s.open.slice(0, max)) {
    const i = o.incident;
    blocks.push({ type: 'text', text: mergeText([{ bold: `${formatIncidentRef(i.number)} · ${i.priority}` }, ' · ', ...storedText(i.title, i.openedBy), ` — ${i.status}, ${i.impact}, opened `, at(i.openedAt, zone)]) });
    for (const c of o.clocks) blocks.push(clockProgress(c, zone));
  }
  if (s.open.length > max) blocks.push({ type: 'context', text: withCode(`…and ${s.open.length - max} more — \`incidents ${service.key}\` lists them all.`) });
  blocks.push({ type: 'context', text: ['As of ', at(opts.now, zone)] });

  const clockLines = s.open.slice(0, 3).map((o) => joinParts([formatIncidentRef(o.incident.number), ...o.clocks.map((c) => [`${clockLabel(c.kind)} `, ...clockCaption(c, zone)])]));
  const fallback = plain(
    joinParts([
      `${service.key}: ${health}`,
      objective ? availabilityText(objective) : null,
      objective ? budgetText(objective) : null,
      count(s.open.length, 'open incident'),
      nearestText(s, zone),
      ...clockLines.map((l) => ['(', ...l, ')']),
    ]),
  );
  return { fallback, blocks };
}
