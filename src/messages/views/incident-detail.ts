/**
 * The full story of one incident (`incident <id>`): both clocks explained — target, calendar, the
 * stretches they counted, why one is not counting — and the whole timeline, each event saying what it
 * did to the clocks.
 */
import { CALENDAR_24X7_NAME } from '../../calendar/types.ts';
import { formatDuration } from '../../format/duration.ts';
import type { IncidentState } from '../../model/incident-state.ts';
import type { IncidentClock } from '../../sla/types.ts';
import type { Block, Message, Span, Text } from '../message.ts';
import { storedPlain } from '../stored-text.ts';
import { clockCaption, clockLabel, clockProgress } from './clock-line.ts';
import { incidentActions, incidentFields, incidentTitle, incidentTone, statusText, type IncidentViewOptions } from './incident-card.ts';
import { sourceBlocks, sourceLine } from './monitoring-source.ts';
import { at, count, joinParts, plain, withCode } from './plain.ts';
import { eventLine } from './timeline.ts';

/** Timeline events shown; older ones are counted, not listed, to stay inside platform limits. */
const MAX_EVENTS = 25;
/** Counting stretches listed per clock. */
const MAX_SEGMENTS = 6;

/** The incident with both clocks explained, where monitoring says it comes from, and its timeline. */
export function incidentDetail(state: IncidentState, opts: IncidentViewOptions): Message {
  const zone = opts.timezone;
  const { incident, events } = state;
  const blocks: Block[] = [{ type: 'header', text: incidentTitle(incident), tone: incidentTone(state) }, { type: 'fields', fields: incidentFields(incident, zone) }];
  if (state.clocks.length === 0) {
    blocks.push({ type: 'text', text: withCode(`No SLA policy covers ${incident.serviceKey} ${incident.priority}, so no clocks run. \`policy set ${incident.serviceKey} ${incident.priority} ack=15m resolve=4h\` adds one.`) });
  }
  for (const c of state.clocks) {
    blocks.push(clockProgress(c.evaluation, zone));
    blocks.push({ type: 'text', text: explainClock(c, zone) });
  }
  if (state.source) blocks.push(...sourceBlocks(state.source, zone));
  blocks.push({ type: 'divider' });
  const shown = events.slice(-MAX_EVENTS);
  const hidden = events.length - shown.length;
  blocks.push({ type: 'text', text: { bold: 'Timeline' } });
  blocks.push({ type: 'list', items: shown.map((e) => eventLine(e, zone, { clockEffect: true })) });
  if (hidden > 0) blocks.push({ type: 'context', text: `${count(hidden, 'earlier event')} not shown.` });
  const buttons = incidentActions(incident);
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const clockText = state.clocks.map((c) => [`${clockLabel(c.evaluation.kind)}: `, ...clockCaption(c.evaluation, zone)]);
  const fallback = plain(joinParts([incidentTitle(incident), `${incident.serviceKey}, ${statusText(incident)}`, ...clockText, state.source ? sourceLine(state.source) : null, `${count(events.length, 'event')} in the timeline`]));
  return { fallback, blocks };
}

/**
 * `Resolve clock: target 4h on the business calendar (working hours only). Counted 10:00–10:30 CET and
 * since 12:30 CET. Paused at … by … (reason).`
 */
export function explainClock(c: IncidentClock, zone: string): Text {
  const e = c.evaluation;
  const calendar = c.stored.calendar;
  const on = calendar === CALENDAR_24X7_NAME ? 'counted around the clock (24x7)' : `counted on the ${calendar} calendar (working hours only)`;
  const out: Span[] = [{ bold: `${clockLabel(e.kind)} clock` }, `: target ${formatDuration(e.targetMs, { style: 'compact' })}, ${on}.`];
  const segments = e.segments.slice(-MAX_SEGMENTS);
  if (segments.length) {
    out.push(' Counted ');
    if (e.segments.length > segments.length) out.push(`${count(e.segments.length - segments.length, 'earlier stretch', 'earlier stretches')}, then `);
    segments.forEach((s, i) => {
      if (i > 0) out.push(i === segments.length - 1 ? ' and ' : ', ');
      if (s.end) out.push('from ', at(s.start, zone), ' to ', at(s.end, zone));
      else out.push('since ', at(s.start, zone));
    });
    out.push('.');
  }
  const stop = e.stoppedBy;
  if (stop && !e.running) {
    const why = stop.kind === 'paused' ? 'Paused' : stop.kind === 'acknowledged' ? 'Stopped by the acknowledgement' : 'Stopped by the resolution';
    out.push(` ${why} at `, at(stop.at, zone));
    // The timeline below shows the reason with its author's mentions; here it is named in plain words.
    if (stop.reason) out.push(` (${storedPlain(stop.reason)})`);
    out.push(...(stop.kind === 'paused' ? ['; it restarts on ', { code: 'resume' }, '.'] : ['.']));
  }
  if (e.running && e.dueAt && e.state !== 'breached') out.push(' Due ', at(e.dueAt, zone), ` if it keeps counting.`);
  if (e.breachedAt) out.push(' Breached at ', at(e.breachedAt, zone), '.');
  return out;
}
