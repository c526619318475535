/**
 * `sla document <service>` (docs/semantics.md §8): a service's agreement as a Markdown document, and the
 * short chat message that carries it. Pure: everything comes from the {@link Agreement} gathered by the
 * query use case. Sections a service has nothing for are left out, not printed empty; the rules each
 * section states are docs/semantics.md's, in its words.
 */
import { DateTime } from 'luxon';
import { CALENDAR_24X7_NAME } from '../../calendar/types.ts';
import type { EscalationPolicy, EscalationTarget, EscalationTrigger } from '../../domain/oncall.ts';
import type { NamedCalendar } from '../../domain/service.ts';
import { formatDuration } from '../../format/duration.ts';
import type { Agreement } from '../../model/agreement.ts';
import { percentText } from '../../slo/credits.ts';
import { budgetFraction } from '../../slo/availability.ts';
import { parseSloWindow } from '../../slo/window.ts';
import type { Block, Message } from '../message.ts';
import { formatWeeklyHours } from './lists.ts';
import { count } from './plain.ts';
import { targetText } from './service-line.ts';

/** Options of {@link agreementMarkdown}. */
export type AgreementOptions = {
  /** The reader's IANA zone: the drawing-up time and maintenance windows are written in it. */
  timezone: string;
};

/** Characters that would turn a name into Markdown (emphasis, code, links, tables, HTML). */
function esc(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, '\\$&').replace(/\s+/g, ' ').trim();
}

/** A name in a code span; a backtick in it (names allow none, but be safe) becomes a look-alike. */
function code(s: string): string {
  return `\`${s.replace(/`/g, 'ˋ').replace(/\s+/g, ' ')}\``;
}

const d = (seconds: number): string => formatDuration(seconds * 1000, { style: 'compact' });

function local(t: Date, zone: string): string {
  return DateTime.fromJSDate(t, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** Hours of a calendar in one sentence: `Calendar `business`, time zone Europe/Berlin: mon-fri 09:00-17:00.` */
function calendarLines(c: NamedCalendar, lead: string): string[] {
  const lines = [`${lead} ${code(c.name)}, time zone ${c.timezone}: ${formatWeeklyHours(c.weekly)}.`];
  const holidays = [...(c.holidays ?? [])].sort();
  if (holidays.length === 0) return lines;
  const intro = 'Holidays (working hours that start on these dates do not count)';
  const sources = c.holidaySources ?? {};
  const bySource = new Map<string, string[]>();
  for (const day of holidays) {
    const source = sources[day] ?? 'manual';
    bySource.set(source, [...(bySource.get(source) ?? []), day]);
  }
  if (Object.keys(sources).length === 0 || (bySource.size === 1 && bySource.has('manual'))) {
    lines.push('', `${intro}: ${holidays.join(', ')}.`);
    return lines;
  }
  lines.push('', `${intro}, by source:`, '');
  for (const [source, days] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) lines.push(`- ${code(source)}: ${days.join(', ')}`);
  return lines;
}

function windowText(window: string, zone: string): string {
  const w = parseSloWindow(window);
  if (w.kind === 'rolling') return `a rolling ${count(w.days, 'day')} (always the last ${count(w.days, 'day')} up to now)`;
  return `each calendar ${w.unit}, in ${zone}`;
}

function triggerText(t: EscalationTrigger): string {
  if (t.kind === 'at') return `at ${t.percent}% of the acknowledge target`;
  return t.seconds === 0 ? 'at once' : `after ${d(t.seconds)}`;
}

/** A target as `escalation show` words it, with people by platform id (a mention means nothing in a document). */
function escalationTarget(t: EscalationTarget): string {
  switch (t.kind) {
    case 'rota':
      return `on-call of ${code(t.rota)}`;
    case 'person':
      return code(`${t.person.platform}:${t.person.id}`);
    case 'group':
      return t.handle ? esc(`@${t.handle}`) : `user group ${code(t.id)}`;
    case 'channel':
      return t.name ? esc(`#${t.name}`) : code(`#${t.channel.platform}:${t.channel.id}`);
  }
}

/** `**P1**:`, or for the all-priorities policy `**Every priority**:` (`**Every other priority**:` beside others). */
function escalationLines(p: EscalationPolicy, others: boolean): string[] {
  const lines = [`**${p.priority ?? (others ? 'Every other priority' : 'Every priority')}**:`, ''];
  p.levels.forEach((l, i) => lines.push(`${i + 1}. ${triggerText(l.trigger)}: ${l.targets.map(escalationTarget).join(', ')}`));
  if (p.repeat) lines.push('', `Then the whole ladder again, ${count(p.repeat.times, 'more time')}, every ${d(p.repeat.everySeconds)}.`);
  return lines;
}

/** The agreement as Markdown, one section per thing the service has set. Ends with a line break. */
export function agreementMarkdown(a: Agreement, opts: AgreementOptions): string {
  const s = a.service;
  const zone = opts.timezone;
  const out: string[] = [];
  const section = (title: string, lines: string[]) => out.push('', `## ${title}`, '', ...lines);
  out.push(`# Service level agreement: ${esc(s.name)}`, '', `Service ${code(s.key)}, as configured in Pacta on ${local(a.asOf, zone)} (${zone}).`);

  // Hours: the service's calendar, then any other calendar its targets count on.
  const hours = a.calendar ? calendarLines(a.calendar, 'Calendar') : [`All hours count (the built-in calendar ${code(CALENDAR_24X7_NAME)}).`];
  for (const c of a.policyCalendars) {
    const used = a.policies.filter((p) => p.calendar === c.name).map((p) => p.priority);
    hours.push('', ...calendarLines(c, `${used.join(', ')} targets count on calendar`));
  }
  section('Service hours', hours);

  if (a.policies.length) {
    const rows = a.policies.map((p) => {
      const cal = p.calendar ?? s.calendar ?? CALENDAR_24X7_NAME;
      return `| ${p.priority} | ${p.ackTargetSeconds === null ? '—' : d(p.ackTargetSeconds)} | ${p.resolveTargetSeconds === null ? '—' : d(p.resolveTargetSeconds)} | ${code(cal)} | ${p.warningThresholds.map((w) => `${w}%`).join(', ') || '—'} |`;
    });
    section('Response and resolution targets', [
      '| Priority | Acknowledge within | Resolve within | Counted on | Warnings at |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
      'Targets count only the working time of their calendar. The acknowledge clock runs from opening until the first acknowledgement (or the resolution); the resolve clock runs from opening until resolution and stops while the incident is paused. A target is breached when the time counted is strictly greater than the target; exactly on target is met. Warnings go out when the time counted reaches the percentages shown.',
    ]);
  }

  const measured = s.objective !== null || Boolean(s.credits?.length);
  if (measured) {
    const lines: string[] = [];
    if (s.objective) {
      lines.push(`Objective: ${targetText(s.objective.target)} over ${windowText(s.objective.window, a.windowZone)}.`, '');
    }
    lines.push(
      `Availability = 1 − weighted downtime ÷ window length, where maintenance time is removed from the length.${s.objective ? ` The error budget is ${percentText(budgetFraction(s.objective.target) * 100)} of the same length.` : ''}`,
      '',
      'Downtime comes from incidents only, from their impact start until their resolution (or until now while unresolved):',
      '',
      '- `outage` weighs 1;',
      `- \`degraded\` weighs ${s.degradedWeight};`,
      '- `none` weighs 0;',
      '- overlapping incidents do not add up: at each instant the heaviest weight counts.',
    );
    section('Availability', lines);
  }

  if (measured || a.maintenance.length) {
    const lines = ['Declared maintenance windows of the service do not count at all: downtime in them is not counted, and their time is removed from the window length.'];
    if (a.maintenance.length) {
      lines.push('', `Upcoming (times in ${zone}):`, '');
      for (const m of a.maintenance) lines.push(`- ${local(m.start, zone)} – ${local(m.end, zone)}${m.reason ? `: ${esc(m.reason)}` : ''}`);
      if (a.moreMaintenance) lines.push(`- …and ${a.moreMaintenance} more`);
    } else lines.push('', 'None is declared ahead.');
    section('Maintenance', lines);
  }

  if (a.escalations.length) {
    section('Escalation', [
      'While nobody acknowledges an incident, Pacta pages:',
      ...a.escalations.flatMap((p) => ['', ...escalationLines(p, a.escalations.some((q) => q.priority !== null))]),
      '',
      'Escalation time counts only while the incident waits for someone: open, not acknowledged, not paused, not snoozed. Acknowledging stops escalation.',
    ]);
  }

  if (s.credits?.length) {
    section('Service credits', [
      '| Availability below | Credit |',
      '| --- | --- |',
      ...s.credits.map((t) => `| ${percentText(t.below)} | ${percentText(t.credit)} |`),
      '',
      `A period whose availability is below a threshold earns the credit of the lowest threshold it is below; availability exactly at a threshold is not below it. \`report ${s.key} --period month\` says which tier a period falls in.`,
    ]);
  }

  const unset = [
    a.policies.length ? null : 'response and resolution targets',
    s.objective ? null : 'availability objective',
    a.escalations.length ? null : 'escalation',
    s.credits?.length ? null : 'service credits',
  ].filter((x): x is string => x !== null);
  if (unset.length) out.push('', `Not set: ${unset.join(', ')}.`);
  return `${out.join('\n')}\n`;
}

/** The key facts in one line each, for the chat message above the document. */
function summaryFields(a: Agreement): Array<{ label: string; value: string }> {
  const s = a.service;
  const fields = [{ label: 'Hours', value: a.calendar ? `${a.calendar.name} (${a.calendar.timezone}): ${formatWeeklyHours(a.calendar.weekly)}, ${count(a.calendar.holidays?.length ?? 0, 'holiday')}` : 'all hours (24x7)' }];
  if (a.policies.length) {
    fields.push({
      label: 'Targets',
      value: a.policies.map((p) => [p.priority, p.ackTargetSeconds !== null ? `ack ${d(p.ackTargetSeconds)}` : null, p.resolveTargetSeconds !== null ? `resolve ${d(p.resolveTargetSeconds)}` : null].filter(Boolean).join(' ')).join(' · '),
    });
  }
  if (s.objective) fields.push({ label: 'Objective', value: `${targetText(s.objective.target)} over ${s.objective.window}` });
  if (a.maintenance.length) fields.push({ label: 'Maintenance', value: `${count(a.maintenance.length + a.moreMaintenance, 'window')} ahead` });
  if (a.escalations.length) fields.push({ label: 'Escalation', value: a.escalations.map((p) => `${p.priority ?? 'every priority'}: ${count(p.levels.length, 'level')}`).join(' · ') });
  if (s.credits?.length) fields.push({ label: 'Service credits', value: s.credits.map((t) => `${percentText(t.credit)} below ${percentText(t.below)}`).join(', ') });
  return fields;
}

/**
 * The chat reply: a header and the key facts; the whole document comes with it as a Markdown file
 * ({@link agreementMarkdown}). The fallback is the key facts.
 */
export function agreementMessage(a: Agreement, opts: AgreementOptions): Message {
  const s = a.service;
  const title = `SLA · ${s.key}${s.name !== s.key ? ` (${s.name})` : ''}`;
  const fields = summaryFields(a);
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'fields', fields },
  ];
  return { fallback: [title, ...fields.map((f) => `${f.label}: ${f.value}`)].join('\n'), blocks };
}

/** The console and CLI reply: the Markdown document itself, as plain text. */
export function agreementDocument(a: Agreement, opts: AgreementOptions): Message {
  const text = agreementMarkdown(a, opts);
  return { fallback: text, blocks: [{ type: 'code', text }] };
}
