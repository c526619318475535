/**
 * Lists for the configuration and query commands: services, calendars, policies, subscriptions, roles
 * and incidents. Long lists are split into blocks of a few dozen lines (a Slack section holds 3,000
 * characters) and capped, with the rest counted.
 */
import { CALENDAR_24X7_NAME, WEEKDAYS, type Calendar } from '../../calendar/types.ts';
import type { ChannelRef } from '../../domain/channel.ts';
import { channelKey } from '../../domain/channel.ts';
import { formatIncidentRef } from '../../domain/incident-id.ts';
import type { Actor } from '../../domain/incident.ts';
import type { NamedCalendar, Service, SlaPolicy } from '../../domain/service.ts';
import { formatDuration } from '../../format/duration.ts';
import type { OutboxProblem, Role, Subscription } from '../../ports/store.ts';
import type { OpenIncident } from '../../model/status.ts';
import type { Block, Message, Span, Text } from '../message.ts';
import { storedText } from '../stored-text.ts';
import { progressPercent } from '../text-fit.ts';
import { holidayFields } from './holidays.ts';
import { at, count, joinParts, mergeText, plain, withCode } from './plain.ts';
import { targetText } from './service-line.ts';

/** Lines per list block: 20 lines of ~100 characters stay well inside a 3,000-character section. */
const CHUNK = 20;

/** A titled list: header, the items in chunks up to `cap`, and a count of the rest. */
export function listMessage(title: string, items: Text[], opts: { cap?: number; empty: string; more?: string; footer?: Text }): Message {
  const cap = opts.cap ?? 100;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (items.length === 0) blocks.push({ type: 'text', text: withCode(opts.empty) });
  const shown = items.slice(0, cap);
  for (let i = 0; i < shown.length; i += CHUNK) blocks.push({ type: 'list', items: shown.slice(i, i + CHUNK) });
  if (items.length > cap) blocks.push({ type: 'context', text: withCode(`…and ${items.length - cap} more${opts.more ? ` — ${opts.more}` : ''}.`) });
  if (opts.footer) blocks.push({ type: 'context', text: opts.footer });
  const preview = shown.slice(0, 10).map((t) => plain(t)).join('\n');
  const fallback = items.length === 0 ? `${title}: ${opts.empty}` : `${title}\n${preview}${items.length > 10 ? `\n…and ${items.length - 10} more` : ''}`;
  return { fallback, blocks };
}

/** Weekly hours written the way `calendar add --hours` reads them: `mon-fri 09:00-17:00; sat 10:00-14:00`. */
export function formatWeeklyHours(weekly: Calendar['weekly']): string {
  const dayText = WEEKDAYS.map((d) => (weekly[d] ?? []).map(([a, b]) => `${a}-${b}`).join(','));
  if (dayText.every((t) => t === '00:00-24:00')) return '24x7';
  const groups: string[] = [];
  for (let i = 0; i < WEEKDAYS.length; ) {
    let j = i;
    while (j + 1 < WEEKDAYS.length && dayText[j + 1] === dayText[i]) j++;
    if (dayText[i]) groups.push(`${WEEKDAYS[i]}${j > i ? `-${WEEKDAYS[j]}` : ''} ${dayText[i]}`);
    i = j + 1;
  }
  return groups.join('; ') || 'no working hours';
}

/** `service list`. */
export function servicesList(services: readonly Service[]): Message {
  const items = services.map((s): Text =>
    [
      { bold: s.key },
      s.name !== s.key ? ` (${s.name})` : '',
      ' · ',
      ...joinParts([
        s.objective ? `${targetText(s.objective.target)} over ${s.objective.window}` : 'no objective',
        `calendar ${s.calendar ?? CALENDAR_24X7_NAME}`,
        s.degradedWeight !== 0.5 ? `degraded weighs ${s.degradedWeight}` : null,
      ]),
    ],
  );
  return listMessage(`Services (${services.length})`, items, { empty: 'No services yet. `service add payments "Payments API" --availability 99.9` adds one.', more: '`status <service>` shows one' });
}

/** `calendar list`, with the built-in 24x7 first. */
export function calendarsList(calendars: readonly NamedCalendar[]): Message {
  const items: Text[] = [[{ bold: CALENDAR_24X7_NAME }, ' · built in · all hours count']];
  for (const c of calendars) {
    items.push([{ bold: c.name }, ' · ', ...joinParts([c.timezone, formatWeeklyHours(c.weekly), count(c.holidays?.length ?? 0, 'holiday')])]);
  }
  return listMessage(`Calendars (${items.length})`, items, { empty: 'No calendars.' });
}

/** `calendar show <name>`. */
export function calendarDetail(c: NamedCalendar, usedBy: readonly string[]): Message {
  const holidays = c.holidays ?? [];
  const fields: Array<{ label: string; value: Text }> = [
    { label: 'Time zone', value: c.timezone },
    { label: 'Hours', value: formatWeeklyHours(c.weekly) },
    // Grouped by source when some were imported (docs/semantics.md §1, "Imported holidays").
    ...holidayFields(c),
    { label: 'Used by', value: usedBy.length ? usedBy.slice(0, 30).join(', ') + (usedBy.length > 30 ? `, …and ${usedBy.length - 30} more` : '') : 'nothing yet' },
  ];
  const blocks: Block[] = [{ type: 'header', text: `Calendar ${c.name}` }, { type: 'fields', fields }];
  return { fallback: `Calendar ${c.name}: ${c.timezone}, ${formatWeeklyHours(c.weekly)}, ${count(holidays.length, 'holiday')}.`, blocks };
}

/** `policy show <service>`: per priority, the targets and where they are counted. */
export function policiesList(service: Service, policies: readonly SlaPolicy[]): Message {
  const d = (s: number | null) => (s === null ? 'none' : formatDuration(s * 1000, { style: 'compact' }));
  const items = policies.map((p): Text => [
    { bold: p.priority },
    ' · ',
    ...joinParts([
      `ack ${d(p.ackTargetSeconds)}`,
      `resolve ${d(p.resolveTargetSeconds)}`,
      p.calendar ? `calendar ${p.calendar}` : `calendar ${service.calendar ?? CALENDAR_24X7_NAME} (the service's)`,
      `warn at ${p.warningThresholds.map((w) => `${w}%`).join(', ')}`,
    ]),
  ]);
  return listMessage(`SLA policies of ${service.key}`, items, {
    empty: `No policies yet: incidents of ${service.key} run no clocks. \`policy set ${service.key} P1 ack=15m resolve=4h\` adds one.`,
  });
}

/** `subscriptions`: what each channel follows and when its digest comes. */
export function subscriptionsList(subs: readonly Subscription[], opts: { current: ChannelRef; title?: string; failures?: readonly OutboxProblem[] }): Message {
  const here = channelKey(opts.current);
  const failed = new Map<string, OutboxProblem[]>();
  for (const f of opts.failures ?? []) failed.set(channelKey(f.channel), [...(failed.get(channelKey(f.channel)) ?? []), f]);
  const items = subs.map((s): Text => {
    const problems = failed.get(channelKey(s.channel)) ?? [];
    const last = problems[0];
    return [
      { bold: channelKey(s.channel) === here ? 'this channel' : channelKey(s.channel) },
      ' · ',
      ...joinParts([
        s.allServices ? 'all services' : s.services.join(', '),
        s.digestSpec ? `digest ${s.digestSpec} (${s.timezone})` : 'no digest',
        // Undeliverable notifications are shown where people look for "why did we get nothing?".
        last ? `⚠ ${problems.length} notification${problems.length > 1 ? 's' : ''} undeliverable (last: ${last.lastError ?? 'unknown error'})` : null,
      ]),
    ];
  });
  return listMessage(opts.title ?? `Subscriptions (${subs.length})`, items, { empty: 'No subscriptions. `subscribe payments --digest daily@09:00` subscribes this channel.' });
}

/** `role list`: roles granted in chat, and the default for everyone else. */
export function rolesList(roles: ReadonlyArray<{ platform: string; userId: string; role: Role }>, opts: { defaultRole: Role | null } = { defaultRole: null }): Message {
  const items = roles.map((r): Text => [userSpan(r.platform, r.userId), ` (${r.platform}:${r.userId}) · ${r.role}`]);
  const footer = opts.defaultRole ? `Everyone else: ${opts.defaultRole}. Admins from configuration (PACTA_ADMINS) are not listed.` : 'Admins from configuration (PACTA_ADMINS) are not listed.';
  return listMessage(`Roles granted in chat (${roles.length})`, items, { empty: 'No roles granted in chat yet.', footer });
}

function userSpan(platform: string, id: string): Span {
  if (platform === 'slack' || platform === 'teams' || platform === 'console') {
    const actor: Actor = { platform, id };
    return { user: actor };
  }
  return `${platform}:${id}`;
}

/** `incidents`: one line per incident with its clocks in short. */
export function incidentsList(
  data: { now: Date; incidents: readonly OpenIncident[]; more: boolean },
  opts: { timezone: string; all: boolean; serviceKey: string | null; cap?: number },
): Message {
  const zone = opts.timezone;
  const items = data.incidents.map((o): Text => {
    const i = o.incident;
    const clocks = o.clocks.map((c): Span[] => {
      const pct = progressPercent(c.targetMs > 0 ? c.elapsedMs / c.targetMs : 0);
      if (c.state === 'running' && c.dueAt) return [`${c.kind} ${pct}, due `, at(c.dueAt, zone)];
      return [`${c.kind} ${c.state === 'breached' ? 'BREACHED' : c.state} ${pct}`];
    });
    return mergeText([{ bold: formatIncidentRef(i.number) }, ' · ', ...joinParts([i.priority, i.serviceKey, storedText(i.title, i.openedBy), i.status, ...clocks])]);
  });
  const scope = opts.serviceKey ? ` of ${opts.serviceKey}` : '';
  const title = opts.all ? `Recent incidents${scope}` : `Open incidents${scope} (${items.length}${data.more ? '+' : ''})`;
  const more = data.more ? '`incidents <service>` narrows the list' : undefined;
  const msg = listMessage(title, items, {
    cap: opts.cap ?? 25,
    empty: opts.all ? 'No incidents yet.' : 'No open incidents. `incidents --all` shows resolved ones too.',
    ...(more ? { more } : {}),
  });
  if (data.more && items.length <= (opts.cap ?? 25)) msg.blocks.push({ type: 'context', text: withCode('Older ones are not shown: `incidents <service>` narrows the list.') });
  return msg;
}
