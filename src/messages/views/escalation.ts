/**
 * Escalation in chat (docs/semantics.md §7): the page in the card's thread that mentions whom it wakes,
 * the direct message to each person paged, the snooze note, and the card's "Paging" line.
 */
import { formatIncidentRef } from '../../domain/incident-id.ts';
import type { Actor, Incident } from '../../domain/incident.ts';
import type { Person } from '../../domain/oncall.ts';
import { formatDuration } from '../../format/duration.ts';
import type { EscalationStatus, IncidentState } from '../../model/incident-state.ts';
import type { NotificationPayload } from '../../ports/store.ts';
import type { Block, ButtonAction, Message, Span } from '../message.ts';
import { incidentTitle } from './incident-card.ts';
import { at, plain } from './plain.ts';

type Options = { timezone: string };
type PagePayload = Extract<NotificationPayload, { type: 'escalation.page' }>;

/** A person as a mention. */
export const personSpan = (p: Person): Span => ({ user: { platform: p.platform, id: p.id } satisfies Actor });
const person = personSpan;
/** A Slack user group as a mention. */
export const groupSpan = (g: { id: string; handle?: string }): Span => (g.handle ? { group: g.id, handle: g.handle } : { group: g.id });

/** `a, b and c` of spans. */
function list(items: Span[][]): Span[] {
  const out: Span[] = [];
  items.forEach((it, i) => {
    if (i > 0) out.push(i === items.length - 1 ? ' and ' : ', ');
    out.push(...it);
  });
  return out;
}

function levelText(level: number, round: number, levels: number): string {
  return `level ${level + 1} of ${levels}${round > 0 ? `, repeat ${round}` : ''}`;
}

/** Snooze buttons, beside Acknowledge: what someone paged needs at hand. */
export function snoozeButtons(incident: Incident): Array<{ label: string; action: ButtonAction }> {
  if (incident.acknowledgedAt || incident.status === 'resolved') return [];
  return [
    { label: 'Snooze 30m', action: { id: 'snooze30m', incident: incident.number } },
    { label: 'Snooze 1h', action: { id: 'snooze1h', incident: incident.number } },
    { label: 'Snooze 2h', action: { id: 'snooze2h', incident: incident.number } },
  ];
}

function pageActions(incident: Incident): Block[] {
  const buttons: Array<{ label: string; action: ButtonAction; style?: 'primary' }> = [];
  if (!incident.acknowledgedAt && incident.status !== 'resolved') buttons.push({ label: 'Acknowledge', action: { id: 'ack', incident: incident.number }, style: 'primary' });
  buttons.push(...snoozeButtons(incident));
  return buttons.length ? [{ type: 'actions', buttons }] : [];
}

function waited(state: IncidentState): string {
  return formatDuration(Math.max(0, state.now.getTime() - state.incident.openedAt.getTime()), { style: 'compact' });
}

/** The page, in the card's thread (or a target channel): whom it wakes, and why. */
export function escalationPage(state: IncidentState, p: PagePayload, _opts: Options): Message {
  const i = state.incident;
  const targets: Span[][] = [...p.paged.map((x) => [person(x)]), ...p.groups.map((g) => [groupSpan(g)])];
  const lead: Span[] = [`Escalation ${levelText(p.level, p.round, p.levels)} for `, { bold: formatIncidentRef(i.number) }, ': '];
  if (targets.length) lead.push('paging ', ...list(targets), '.');
  else lead.push('nobody to page.');
  lead.push(` Not acknowledged after ${waited(state)}.`);
  const blocks: Block[] = [{ type: 'text', text: lead }];
  if (p.emptyRotas.length) {
    const names = p.emptyRotas.join(', ');
    const text = `Nobody is on call in ${p.emptyRotas.length === 1 ? 'rota' : 'rotas'} ${names}: this channel is asked instead. \`oncall show ${p.emptyRotas[0]}\` shows the rota.`;
    blocks.push({ type: 'context', text });
  }
  blocks.push(...pageActions(i));
  return { fallback: plain(lead), blocks };
}

/** The direct message to one person paged. */
export function escalationDirect(state: IncidentState, p: Extract<NotificationPayload, { type: 'escalation.direct' }>, opts: Options): Message {
  const i = state.incident;
  const lead: Span[] = ['You are paged for ', { bold: incidentTitle(i) }, ` on ${i.serviceKey}: not acknowledged after ${waited(state)} (escalation level ${p.level + 1}${p.round > 0 ? `, repeat ${p.round}` : ''}).`];
  const blocks: Block[] = [
    { type: 'header', text: `Paged: ${formatIncidentRef(i.number)}`, tone: 'danger' },
    { type: 'text', text: lead },
    { type: 'context', text: ['Opened ', at(i.openedAt, opts.timezone), ' by ', { user: i.openedBy }] },
    ...pageActions(i),
  ];
  return { fallback: plain(lead), blocks };
}

/** `@alice snoozed escalation of INC-4 until 11:30 CET.` */
export function escalationSnoozed(p: Extract<NotificationPayload, { type: 'escalation.snoozed' }>, opts: Options): Message {
  const text: Span[] = [{ user: p.actor }, ' snoozed escalation of ', { bold: formatIncidentRef(p.incident) }, ' until ', at(new Date(p.until), opts.timezone, 'time'), '.'];
  return { fallback: plain(text), blocks: [{ type: 'text', text }] };
}

/** The card's line: who is paged now, and who is next and when. Null when there is nothing to say. */
export function escalationLine(e: EscalationStatus, zone: string): Span[] | null {
  const out: Span[] = [];
  if (e.paging) {
    out.push('Paging ');
    out.push(...(e.paging.people.length ? list(e.paging.people.map((p) => [person(p)])) : ['nobody']));
    out.push(` (${levelText(e.paging.level, e.paging.round, e.levels)}, since `, at(e.paging.at, zone, 'time'), ')');
  }
  if (e.snoozedUntil) out.push(...(out.length ? [' · '] : []), 'snoozed until ', at(e.snoozedUntil, zone, 'time'));
  if (e.next) {
    const who: Span[] = list([...e.next.people.map((p) => [person(p)]), ...e.next.groups.map((g) => [groupSpan(g)])]);
    if (e.next.emptyRotas.length) who.push(...(who.length ? [', '] : []), `nobody in ${e.next.emptyRotas.join(', ')}`);
    out.push(...(out.length ? [' · '] : []), 'next: ', ...(who.length ? who : ['nobody']));
    if (e.next.at) out.push(' at ', at(e.next.at, zone, 'time'));
  }
  return out.length ? out : null;
}
