/**
 * Timeline events in words: who did what, when, and what it did to the clocks. Used by the card (its
 * last event) and the incident detail (the whole timeline).
 */
import type { IncidentEvent } from '../../domain/incident.ts';
import type { Span } from '../message.ts';
import { storedText } from '../stored-text.ts';
import { at, mergeText } from './plain.ts';

const VERBS: Record<IncidentEvent['kind'], string> = {
  opened: 'opened',
  acknowledged: 'acknowledged',
  paused: 'paused',
  resumed: 'resumed',
  resolved: 'resolved',
  reopened: 'reopened',
  priority_changed: 'changed the priority',
  impact_changed: 'changed the impact',
  note: 'noted',
  undone: 'took back',
  snoozed: 'snoozed escalation',
};

// What each event does to the clocks, so a reader sees why a clock paused and when it restarted.
const CLOCK_EFFECT: Partial<Record<IncidentEvent['kind'], string>> = {
  opened: 'both clocks start',
  acknowledged: 'acknowledge clock stops',
  paused: 'resolve clock paused',
  resumed: 'resolve clock restarts',
  resolved: 'resolve clock stops',
  reopened: 'resolve clock restarts with its elapsed time kept',
  priority_changed: 'both clocks recomputed from the opening with the new targets',
};

/** `alice opened · 10:00 CET — Card payments failing`. */
export function eventLine(e: IncidentEvent, zone: string, opts: { clockEffect?: boolean; style?: 'datetime' | 'time' } = {}): Span[] {
  const out: Span[] = [at(e.at, zone, opts.style ?? 'datetime'), ' · ', { user: e.actor }, ` ${VERBS[e.kind]}`];
  if (e.kind === 'priority_changed' || e.kind === 'impact_changed') {
    if (e.data?.from && e.data?.to) out.push(` from ${e.data.from} to ${e.data.to}`);
  }
  // The text is the actor's: a person they named is a mention (docs/semantics.md §4).
  if (e.kind === 'snoozed' && e.data?.until) out.push(' until ', at(new Date(e.data.until), zone, 'time'));
  if (e.text) out.push(...mergeText([e.kind === 'note' ? ': ' : ' — ', ...storedText(e.text, e.actor)]));
  const effect = CLOCK_EFFECT[e.kind];
  if (opts.clockEffect && effect) out.push(` (${effect})`);
  return out;
}
