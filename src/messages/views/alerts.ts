/**
 * What subscribed channels receive (docs/semantics.md §5): new-incident notices, pre-breach warnings, breach
 * alerts and burn-rate alerts. Each alert names the incident, the clock, the target, how far past it is,
 * who holds it, and carries the incident's buttons — reacting to it acknowledges like on the card.
 */
import { formatIncidentRef } from '../../domain/incident-id.ts';
import { formatDuration } from '../../format/duration.ts';
import type { ClockKind } from '../../sla/clock.ts';
import type { IncidentState } from '../../model/incident-state.ts';
import type { ServiceStatus } from '../../model/status.ts';
import type { Block, Message, Span, Text } from '../message.ts';
import { clockLabel, clockProgress } from './clock-line.ts';
import { incidentActions, incidentTitle } from './incident-card.ts';
import { at, joinParts, plain } from './plain.ts';
import { availabilityText, budgetText } from './service-line.ts';

type Options = { timezone: string };

function holder(state: IncidentState): Text {
  const i = state.incident;
  return i.acknowledgedBy ? ['held by ', { user: i.acknowledgedBy }] : 'not acknowledged — nobody holds it';
}

function spans(t: Text): Span[] {
  return Array.isArray(t) ? t : [t];
}

function message(fallback: string, blocks: Block[]): Message {
  return { fallback, blocks };
}

/** A new incident, for subscribed channels other than the one it was opened in. */
export function newIncidentNotice(state: IncidentState, opts: Options): Message {
  const i = state.incident;
  const header = `New incident ${incidentTitle(i)}`;
  const blocks: Block[] = [
    { type: 'header', text: header, tone: 'danger' },
    { type: 'text', text: joinParts([i.serviceKey, `impact ${i.impact}`, ['opened by ', { user: i.openedBy }, ' at ', at(i.openedAt, opts.timezone)]]) },
    ...state.clocks.map((c) => clockProgress(c.evaluation, opts.timezone)),
    { type: 'actions', buttons: incidentActions(i) },
  ];
  return message(`${header} — ${i.serviceKey}, impact ${i.impact}`, blocks);
}

function clockOf(state: IncidentState, kind: ClockKind) {
  return state.clocks.find((c) => c.stored.kind === kind) ?? null;
}

/** A clock passed a warning threshold (75 %, 90 %) and is still running. */
export function warningAlert(state: IncidentState, kind: ClockKind, threshold: number, opts: Options): Message {
  const i = state.incident;
  const c = clockOf(state, kind);
  const label = clockLabel(kind).toLowerCase();
  const left = c ? Math.max(0, c.evaluation.targetMs - c.evaluation.elapsedMs) : 0;
  const due: Text = c?.evaluation.dueAt ? [' — due ', at(c.evaluation.dueAt, opts.timezone)] : '';
  const header = `${formatIncidentRef(i.number)} ${label} clock at ${threshold}%`;
  const lead: Text = [`${formatDuration(left, { style: 'compact' })} left to ${label} `, { bold: incidentTitle(i) }, ...spans(due), ' · ', ...spans(holder(state))];
  const blocks: Block[] = [{ type: 'header', text: header, tone: 'warning' }, { type: 'text', text: lead }];
  if (c) blocks.push(clockProgress(c.evaluation, opts.timezone));
  blocks.push({ type: 'actions', buttons: incidentActions(i) });
  return message(`${header}: ${plain(lead)}`, blocks);
}

/** A clock passed its target. */
export function breachAlert(state: IncidentState, kind: ClockKind, opts: Options): Message {
  const i = state.incident;
  const c = clockOf(state, kind);
  const label = clockLabel(kind).toLowerCase();
  const over = c ? Math.max(0, c.evaluation.elapsedMs - c.evaluation.targetMs) : 0;
  const target = c ? formatDuration(c.evaluation.targetMs, { style: 'compact' }) : '?';
  const header = `SLA breached: ${formatIncidentRef(i.number)} ${label} target ${target}`;
  const lead: Text = [{ bold: incidentTitle(i) }, ` — ${label} target of ${target} passed${over > 0 ? ` by ${formatDuration(over, { style: 'compact' })}` : ''} · `, ...spans(holder(state))];
  const blocks: Block[] = [{ type: 'header', text: header, tone: 'danger' }, { type: 'text', text: lead }];
  if (c) blocks.push(clockProgress(c.evaluation, opts.timezone));
  blocks.push({ type: 'actions', buttons: incidentActions(i) });
  return message(`${header}: ${plain(lead)}`, blocks);
}

/** A burn-rate episode began (or got worse). */
export function burnAlert(status: ServiceStatus, severity: 'page' | 'ticket', opts: Options): Message {
  const s = status.service;
  const o = status.objective;
  const header = severity === 'page' ? `${s.key}: error budget burning fast` : `${s.key}: error budget burning`;
  const lines: Text = o ? joinParts([availabilityText(o), budgetText(o)]) : 'no availability objective';
  const why =
    severity === 'page'
      ? 'At this rate the whole 30-day budget is gone in about two days (SRE Workbook multi-window page).'
      : 'At this rate the budget runs out before the window ends (SRE Workbook multi-window ticket).';
  const blocks: Block[] = [
    { type: 'header', text: header, tone: severity === 'page' ? 'danger' : 'warning' },
    { type: 'text', text: lines },
    { type: 'context', text: why },
  ];
  void opts;
  return message(`${header} — ${plain(lines)}`, blocks);
}

/** The episode ended: burn rates back under every threshold. */
export function burnRecovered(status: ServiceStatus, opts: Options): Message {
  const s = status.service;
  const o = status.objective;
  const header = `${s.key}: error budget burn back to normal`;
  const lines: Text = o ? joinParts([availabilityText(o), budgetText(o)]) : '';
  void opts;
  return message(`${header}${lines ? ` — ${plain(lines)}` : ''}`, [{ type: 'header', text: header, tone: 'good' }, ...(lines ? [{ type: 'text' as const, text: lines }] : [])]);
}
