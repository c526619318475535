/**
 * The reply and effect of every command that changes an incident: a short confirmation for the actor
 * (with where the clocks now stand) and an effect telling the adapter to refresh the incident's cards.
 */
import { formatIncidentRef } from '../src/domain/incident-id.ts';
import type { Span } from '../src/messages/message.ts';
import { clockCaption, clockLabel } from '../src/messages/views/clock-line.ts';
import { storedText } from '../src/messages/stored-text.ts';
import { joinParts } from '../src/messages/views/plain.ts';
import type { IncidentState } from '../src/model/incident-state.ts';
import { say } from './replies.ts';
import type { CommandContext, CommandResult } from './spec.ts';

/** Clock captions in one line: `Acknowledge: met · 10m of 15m · 66% · Resolve: 30m of 4h …`. */
export function clocksLine(state: IncidentState, zone: string): Span[] {
  if (state.clocks.length === 0) return [`No SLA clocks: ${state.incident.serviceKey} has no ${state.incident.priority} policy.`];
  return joinParts(state.clocks.map((c) => [`${clockLabel(c.evaluation.kind)}: `, ...clockCaption(c.evaluation, zone)]));
}

/**
 * Records that state changed and builds the confirmation: `INC-1 acknowledged.` plus the clocks, with
 * an `incident-changed` effect so every card of the incident is refreshed.
 */
export function incidentChanged(ctx: CommandContext, state: IncidentState, what: string): CommandResult {
  ctx.markChanged();
  const ref = formatIncidentRef(state.incident.number);
  return {
    message: say([{ bold: `${ref} · ${state.incident.priority}` }, ' · ', ...storedText(state.incident.title, state.incident.openedBy), ` — ${what}`], clocksLine(state, ctx.timezone)),
    followUps: state.followUps ?? [],
  };
}
