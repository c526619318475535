/**
 * The incident card: the message posted in the channel an incident was opened from and updated in place
 * as it changes (docs/semantics.md §4). It answers at a glance: what, how bad, who has it, how the clocks stand,
 * and what can be done next (buttons).
 */
import { formatIncidentRef } from '../../domain/incident-id.ts';
import type { Incident } from '../../domain/incident.ts';
import type { IncidentState } from '../../model/incident-state.ts';
import type { Block, ButtonAction, Message, Span, Text, Tone } from '../message.ts';
import { storedPlain } from '../stored-text.ts';
import { truncateText } from '../text-fit.ts';
import { clockCaption, clockLabel, clockProgress } from './clock-line.ts';
import { escalationLine, snoozeButtons } from './escalation.ts';
import { sourceBlocks, sourceLine } from './monitoring-source.ts';
import { at, joinParts, plain } from './plain.ts';
import { eventLine } from './timeline.ts';

/** Options of the incident views. */
export type IncidentViewOptions = {
  /** The reader's IANA zone: every time is shown in it, with the zone named. */
  timezone: string;
};

/** Headers longer than this are cut: Slack refuses a header over 150 characters. */
const HEADER_MAX = 150;

/**
 * `INC-1 · P1 · Card payments failing`, in plain words: headers cannot mention anyone on any platform,
 * so a person in the title shows by name (docs/semantics.md §4).
 */
export function incidentTitle(incident: Incident): string {
  return truncateText(`${formatIncidentRef(incident.number)} · ${incident.priority} · ${storedPlain(incident.title)}`, HEADER_MAX);
}

/** Red while it needs attention or has breached, amber once someone has it, green when resolved. */
export function incidentTone(state: IncidentState): Tone {
  const { incident } = state;
  if (incident.status === 'resolved') return 'good';
  if (state.clocks.some((c) => c.evaluation.state === 'breached')) return 'danger';
  if (incident.status === 'paused') return 'neutral';
  return incident.status === 'open' ? 'danger' : 'warning';
}

/** The status word with who and when: `acknowledged by bob`. */
export function statusText(incident: Incident): string {
  return incident.status === 'open' ? 'open, not acknowledged' : incident.status;
}

/** The buttons an incident offers in its current status. */
export function incidentActions(incident: Incident): Array<{ label: string; action: ButtonAction; style?: 'primary' | 'danger' }> {
  const n = incident.number;
  const resolved = incident.status === 'resolved';
  const buttons: Array<{ label: string; action: ButtonAction; style?: 'primary' | 'danger' }> = [];
  if (!incident.acknowledgedAt && !resolved) buttons.push({ label: 'Acknowledge', action: { id: 'ack', incident: n }, style: 'primary' });
  if (!resolved) buttons.push({ label: 'Resolve', action: { id: 'resolve', incident: n } });
  if (incident.status === 'open' || incident.status === 'acknowledged') buttons.push({ label: 'Pause', action: { id: 'pause', incident: n } });
  if (incident.status === 'paused') buttons.push({ label: 'Resume', action: { id: 'resume', incident: n } });
  if (resolved) buttons.push({ label: 'Reopen', action: { id: 'reopen', incident: n } });
  return buttons;
}

/** The key facts as label/value fields, shared with the incident detail. */
export function incidentFields(incident: Incident, zone: string): Array<{ label: string; value: Text }> {
  const byAt = (who: Incident['openedBy'] | null, when: Date | null): Text => (who && when ? [{ user: who }, ' · ', at(when, zone)] : '—');
  const fields: Array<{ label: string; value: Text }> = [
    { label: 'Service', value: incident.serviceKey },
    { label: 'Status', value: statusText(incident) },
    { label: 'Impact', value: incident.impactStart < incident.openedAt ? [incident.impact, ' since ', at(incident.impactStart, zone)] : incident.impact },
    { label: 'Opened', value: byAt(incident.openedBy, incident.openedAt) },
    { label: 'Acknowledged', value: byAt(incident.acknowledgedBy, incident.acknowledgedAt) },
  ];
  if (incident.resolvedAt) fields.push({ label: 'Resolved', value: byAt(incident.resolvedBy, incident.resolvedAt) });
  return fields;
}

/**
 * The card of an incident in its current state: header with tone, facts, one progress line per clock,
 * where monitoring says it comes from (when it does), the last timeline event, and the actions its
 * status allows.
 */
export function incidentCard(state: IncidentState, opts: IncidentViewOptions): Message {
  const { incident, events } = state;
  const zone = opts.timezone;
  const header = incidentTitle(incident);
  const blocks: Block[] = [{ type: 'header', text: header, tone: incidentTone(state) }, { type: 'fields', fields: incidentFields(incident, zone) }];
  for (const c of state.clocks) blocks.push(clockProgress(c.evaluation, zone));
  if (state.clocks.length === 0) blocks.push({ type: 'context', text: `No SLA policy for ${incident.serviceKey} ${incident.priority}: no clocks run.` });
  if (state.source) blocks.push(...sourceBlocks(state.source, zone));
  const paging = state.escalation && incident.status !== 'resolved' ? escalationLine(state.escalation, zone) : null;
  if (paging) blocks.push({ type: 'context', text: paging });
  const last = events[events.length - 1];
  if (last) blocks.push({ type: 'context', text: ['Last: ', ...eventLine(last, zone)] });
  const buttons = [...incidentActions(incident), ...(state.escalation ? snoozeButtons(incident) : [])];
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  return { fallback: cardFallback(state, zone), blocks };
}

// Notification text: the header, the status and each clock in one line, readable on a lock screen.
function cardFallback(state: IncidentState, zone: string): string {
  const { incident } = state;
  const clocks: Span[][] = state.clocks.map((c) => [`${clockLabel(c.evaluation.kind)}: `, ...clockCaption(c.evaluation, zone)]);
  return plain(joinParts([incidentTitle(incident), `${incident.serviceKey}, ${statusText(incident)}`, ...clocks, state.source ? sourceLine(state.source) : null]));
}
