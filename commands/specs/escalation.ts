/**
 * `escalation set|show|test|remove` and `snooze`: who is woken when nobody acknowledges, and when
 * (docs/semantics.md §7).
 */
import type { Priority } from '../../src/domain/incident.ts';
import type { EscalationPolicy } from '../../src/domain/oncall.ts';
import { formatDuration } from '../../src/format/duration.ts';
import type { Span, Text } from '../../src/messages/message.ts';
import { at, count } from '../../src/messages/views/plain.ts';
import type { PlannedPage } from '../../src/usecases/oncall.ts';
import { flagValue, incidentAt, positionals, serviceAt } from '../arguments.ts';
import { incidentChanged } from '../incident-reply.ts';
import { parseDuration } from '../parse/duration.ts';
import { formatEscalation, parseEscalation, targetText } from '../parse/escalation.ts';
import { parsePriority } from '../parse/priority.ts';
import { listReply, say } from '../replies.ts';
import { groupSpan, personSpan } from '../../src/messages/views/escalation.ts';
import type { CommandContext, CommandGroup, CommandSpec } from '../spec.ts';

const person = personSpan;

function priorityFlag(ctx: CommandContext): Priority | null {
  const p = flagValue(ctx.args, 'priority');
  return p === undefined ? null : parsePriority(p);
}

function policyLines(p: EscalationPolicy): Text[] {
  const lines: Text[] = p.levels.map((l, i) => {
    const when = l.trigger.kind === 'after' ? `after ${formatDuration(l.trigger.seconds * 1000, { style: 'compact' })}` : `at ${l.trigger.percent}% of the acknowledge target`;
    return [`${i + 1}. ${when}: ${l.targets.map(targetText).join(', ')}`];
  });
  if (p.repeat) lines.push(`then the whole ladder ${count(p.repeat.times, 'more time')}, every ${formatDuration(p.repeat.everySeconds * 1000, { style: 'compact' })}`);
  return lines;
}

function pageLine(page: PlannedPage, zone: string, now: Date): Text {
  const who: Span[] = [...page.paged.people.map((p) => [person(p)]), ...page.paged.groups.map((g) => [groupSpan(g)]), ...page.paged.channels.map(() => ['a channel'] as Span[])].flatMap((x, i) => (i ? [', ', ...x] : x));
  const empty = page.paged.emptyRotas.length ? [`${who.length ? '; ' : ''}nobody on call in ${page.paged.emptyRotas.join(', ')} (the channel is asked instead)`] : [];
  const offset = formatDuration(page.at.getTime() - now.getTime(), { style: 'compact' });
  return [at(page.at, zone), ` (+${offset}) level ${page.level + 1}${page.round ? `, repeat ${page.round}` : ''}: `, ...(who.length ? who : []), ...empty];
}


const set: CommandSpec = {
  name: 'set',
  aliases: ['add'],
  usage: ['escalation set <service> [--priority P1] "<after 5m: oncall primary; after 15m: oncall secondary, @lead; at 90%: #here; repeat 2 every 30m>"'],
  summary: 'Set who is paged when nobody acknowledges, and when; per service, optionally per priority.',
  role: 'admin',
  args: { positionals: 1, rest: true, valueFlags: ['priority'] },
  examples: ['escalation set payments "after 5m: oncall primary; after 15m: oncall secondary, @lead; at 90%: #here; repeat 2 every 30m"', 'escalation set payments --priority P1 "after 0m: oncall primary"'],
  async run(ctx) {
    const words = positionals(ctx.args, ['service']);
    const serviceKey = serviceAt(words, 0);
    const priority = priorityFlag(ctx);
    const text = ctx.args.rest.trim().replace(/^"([\s\S]*)"$/, '$1');
    const ladder = parseEscalation(text, { platform: ctx.actor.platform === 'system' ? 'console' : ctx.actor.platform, channel: ctx.channel });
    const policy = await ctx.deps.oncall.setPolicy({ serviceKey, priority, ...ladder }, ctx.actor);
    ctx.markChanged();
    return { message: listReply(`Escalation of ${serviceKey}${priority ? ` ${priority}` : ''} set:`, policyLines(policy), `Open incidents of ${serviceKey} follow it now. \`escalation test ${serviceKey}\` shows whom it would page when.`) };
  },
};

const show: CommandSpec = {
  name: 'show',
  aliases: ['get'],
  usage: ['escalation show <service>'],
  summary: "A service's escalation policies, level by level.",
  role: 'viewer',
  async run(ctx) {
    const serviceKey = serviceAt(positionals(ctx.args, ['service']), 0);
    const policies = await ctx.deps.oncall.policies(serviceKey);
    if (policies.length === 0) return { message: say(`${serviceKey} has no escalation: incidents only go to its channels.`, `\`escalation set ${serviceKey} "after 5m: oncall primary"\` sets one.`) };
    const items: Text[] = policies.flatMap((p) => [[{ bold: p.priority ?? 'Every priority' }, ':'] as Text, ...policyLines(p).map((l) => ['  ', ...(Array.isArray(l) ? l : [l])] as Text)]);
    return { message: listReply(`Escalation of ${serviceKey}:`, items, policies.map((p) => `${p.priority ?? 'all'}: ${formatEscalation(p)}`).join(' · ')) };
  },
};

const test: CommandSpec = {
  name: 'test',
  aliases: ['dry-run', 'simulate'],
  usage: ['escalation test <service> [--priority P1]'],
  summary: 'Who would be paged when, for an incident opened now that nobody acknowledges.',
  role: 'viewer',
  args: { valueFlags: ['priority'] },
  examples: ['escalation test payments', 'escalation test payments --priority P1'],
  async run(ctx) {
    const serviceKey = serviceAt(positionals(ctx.args, ['service']), 0);
    const priority = priorityFlag(ctx) ?? 'P1';
    const { policy, pages } = await ctx.deps.oncall.test(serviceKey, priority);
    if (!policy) return { message: say(`${serviceKey} ${priority} has no escalation: nobody would be paged.`, `\`escalation set ${serviceKey} "after 5m: oncall primary"\` sets one.`) };
    const items = pages.map((p) => pageLine(p, ctx.timezone, ctx.now));
    const skipped = policy.levels.some((l) => l.trigger.kind === 'at') && !pages.some((p) => policy.levels[p.level]?.trigger.kind === 'at');
    return {
      message: listReply(
        `A ${priority} incident of ${serviceKey} opened now and never acknowledged would page:`,
        items.length ? items : ['nobody (no level can fire)'],
        skipped ? `Levels "at N%" need an acknowledge target: ${serviceKey} ${priority} has none, so they are passed over.` : 'Pauses and snoozes hold the ladder; acknowledging stops it.',
      ),
    };
  },
};

const remove: CommandSpec = {
  name: 'remove',
  aliases: ['rm', 'delete'],
  usage: ['escalation remove <service> [--priority P1]'],
  summary: "Remove a service's escalation (for one priority, or the one for all).",
  role: 'admin',
  args: { valueFlags: ['priority'] },
  async run(ctx) {
    const serviceKey = serviceAt(positionals(ctx.args, ['service']), 0);
    const priority = priorityFlag(ctx);
    await ctx.deps.oncall.removePolicy(serviceKey, priority);
    ctx.markChanged();
    return { message: say(`Escalation of ${serviceKey}${priority ? ` ${priority}` : ''} removed: nobody is paged for its incidents any more.`) };
  },
};

export const escalationCommand: CommandGroup = {
  name: 'escalation',
  aliases: ['escalations', 'escalate'],
  summary: 'Escalation policies: who is paged when nobody acknowledges, and when.',
  subcommands: [show, test, set, remove],
};

/** `snooze <id> <duration>`: hold an incident's escalation for a while (30m, 1h, 2h…; at most a day). */
export const snoozeCommand: CommandSpec = {
  name: 'snooze',
  aliases: ['hush'],
  usage: ['snooze <id> <duration>'],
  summary: "Hold an incident's escalation (nobody more is paged) for a while; the SLA clocks go on.",
  role: 'responder',
  examples: ['snooze INC-42 1h', 'snooze INC-42 30m'],
  async run(ctx) {
    const words = positionals(ctx.args, ['incident id (e.g. INC-42)', 'duration (e.g. 1h)']);
    const number = incidentAt(words, 0);
    const ms = parseDuration(words[1] ?? '');
    const state = await ctx.deps.incidents.snooze(number, ctx.actor, Math.round(ms / 1000));
    return incidentChanged(ctx, state, `escalation snoozed for ${formatDuration(ms, { style: 'compact' })}.`);
  },
};
