/**
 * `oncall add|override|who|show|list|remove`: on-call rotas (docs/semantics.md §7). "Who is on call now,
 * until when, and who is next" is the question people ask most; `who` answers it for one rota or all.
 */
import type { OnCallNow, Shift } from '../../src/domain/oncall.ts';
import { BadArgumentError } from '../../src/errors.ts';
import type { Span, Text } from '../../src/messages/message.ts';
import { at, count } from '../../src/messages/views/plain.ts';
import type { StoredRota } from '../../src/ports/oncall.ts';
import { flagValue, noPositionals, parseNumber, positionals } from '../arguments.ts';
import { echo } from '../parse/echo.ts';
import { parsePerson } from '../parse/escalation.ts';
import { formatHandoff, parseHandoff } from '../parse/handoff.ts';
import { parseFutureTime, type TimeContext } from '../parse/time.ts';
import { parseTimeZone } from '../parse/time-zone.ts';
import { listReply, say } from '../replies.ts';
import { personSpan } from '../../src/messages/views/escalation.ts';
import type { CommandGroup, CommandSpec } from '../spec.ts';

const person = personSpan;

/** `weekly` + `mon` + `09:00`, `every` + `3` + `days` + `09:00`: a hand-off typed without quotes. */
function handoffContinues(soFar: string, next: string): boolean {
  return /^(daily|weekly|every)\b/i.test(soFar) && /^([a-z]{3,9}|\d{1,2}(:\d{2})?|days?|at)$/i.test(next) && !next.startsWith('@');
}

function rotaName(words: readonly string[]): string {
  const name = (words[0] ?? '').toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(name)) throw new BadArgumentError(`"${echo(words[0] ?? '')}" is not a rota name: use letters, digits, - or _, e.g. \`primary\`.`);
  return name;
}

function shiftText(s: Shift, zone: string): Span[] {
  return [person(s.person), ' from ', at(s.from, zone), ' until ', at(s.until, zone), ...(s.override ? [` (override #${s.override.id})`] : [])];
}

function whoLines(rota: StoredRota, now: OnCallNow, zone: string): Text[] {
  const lines: Text[] = [];
  if (now.current) lines.push([{ bold: rota.name }, ': ', person(now.current.person), ' is on call until ', at(now.current.until, zone), ...(now.current.override ? [' (override)'] : [])]);
  else lines.push([{ bold: rota.name }, ': ', rota.members.length ? 'nobody is on call now' : 'nobody is on call: the rota has no members']);
  if (now.next) lines.push(['  next: ', person(now.next.person), ' from ', at(now.next.from, zone), ' until ', at(now.next.until, zone)]);
  return lines;
}


const add: CommandSpec = {
  name: 'add',
  aliases: ['create'],
  usage: ['oncall add <rota> --handoff "<daily HH:MM | weekly <day> HH:MM | every N days HH:MM>" [--tz <zone>] <people…>'],
  summary: 'Create an on-call rota: its members in order, when one hands over to the next, in which zone.',
  role: 'admin',
  args: { valueFlags: ['handoff', 'tz'], flagContinues: { handoff: handoffContinues } },
  examples: ['oncall add primary --handoff "weekly mon 09:00" --tz Europe/Berlin @alice @bob @carol', 'oncall add night --handoff "daily 20:00" slack:U0123 slack:U0456'],
  async run(ctx) {
    const words = ctx.args.positional;
    if (words.length === 0) throw new BadArgumentError('Name the rota, e.g. `oncall add primary --handoff "weekly mon 09:00" @alice @bob`.');
    const name = rotaName(words);
    const handoffText = flagValue(ctx.args, 'handoff');
    if (!handoffText) throw new BadArgumentError('Say when people hand over with --handoff, e.g. --handoff "weekly mon 09:00" or --handoff "daily 09:00".');
    const handoff = parseHandoff(handoffText);
    const tz = flagValue(ctx.args, 'tz');
    const zone = tz ? parseTimeZone(tz) : ctx.timezone;
    const members = words.slice(1).map((w) => parsePerson(w, ctx.actor.platform === 'system' ? 'console' : ctx.actor.platform));
    const rota = await ctx.deps.oncall.addRota({ name, zone, handoff, members }, ctx.actor);
    ctx.markChanged();
    const now = (await ctx.deps.oncall.who(name))[0]!.now;
    return {
      message: listReply(
        [`Rota ${rota.name} created: ${count(members.length, 'member')}, hand-off ${formatHandoff(handoff)} ${zone}.`],
        whoLines(rota, now, ctx.timezone),
        members.length ? undefined : 'Nobody is in it yet: escalations to it go to the channel until someone is.',
      ),
    };
  },
};

/** `until fri 18:00`, `from mon 09:00 until fri 18:00`, `for 8h`. */
function parseSpan(text: string, ctx: TimeContext): { from: Date; until: Date } {
  const s = text.trim().replace(/\s+/g, ' ');
  const m = /^(?:from (.+?) )?until (.+)$/i.exec(s) ?? /^(?:from (.+?) )?till (.+)$/i.exec(s);
  if (m) {
    const from = m[1] ? parseFutureTime(m[1], ctx) : ctx.now;
    return { from, until: parseFutureTime(m[2]!, from > ctx.now ? { ...ctx, now: from } : ctx) };
  }
  throw new BadArgumentError(`Say how long, e.g. \`until fri 18:00\` or \`from mon 09:00 until fri 18:00\` (got "${echo(s)}").`);
}

const override: CommandSpec = {
  name: 'override',
  aliases: ['cover', 'swap'],
  usage: ['oncall override <rota> <person> [from <time>] until <time> | --remove <id>'],
  summary: 'Put someone on call instead of the rota for a while (overrides win; the latest one wins an overlap).',
  role: 'responder',
  args: { positionals: 2, rest: true, valueFlags: ['remove'] },
  examples: ['oncall override primary @bob until fri 18:00', 'oncall override primary @carol from sat 09:00 until mon 09:00', 'oncall override primary --remove 3'],
  async run(ctx) {
    const removeId = flagValue(ctx.args, 'remove');
    const words = ctx.args.positional;
    const name = rotaName(words);
    if (removeId !== undefined) {
      const id = parseNumber(removeId.replace(/^#/, ''), 'override id', '3');
      await ctx.deps.oncall.removeOverride(name, id);
      ctx.markChanged();
      return { message: say(`Override #${id} of ${name} removed.`) };
    }
    const [, who] = positionals(ctx.args, ['rota', 'person (e.g. @bob)']);
    const p = parsePerson(who ?? '', ctx.actor.platform === 'system' ? 'console' : ctx.actor.platform);
    const span = parseSpan(ctx.args.rest ?? '', { now: ctx.now, timezone: ctx.timezone });
    const o = await ctx.deps.oncall.override(name, p, span.from, span.until, ctx.actor);
    ctx.markChanged();
    return { message: say([person(o.person), ` is on call for ${name} from `, at(o.from, ctx.timezone), ' until ', at(o.until, ctx.timezone), ` (override #${o.id}).`]) };
  },
};

const who: CommandSpec = {
  name: 'who',
  aliases: ['now', 'whois'],
  usage: ['oncall who [rota]'],
  summary: 'Who is on call now, until when, and who is next.',
  role: 'viewer',
  examples: ['oncall who', 'oncall who primary'],
  async run(ctx) {
    const words = positionals(ctx.args, ['rota'], 1);
    const found = await ctx.deps.oncall.who(words[0] ? rotaName(words) : undefined);
    if (found.length === 0) return { message: say('There are no rotas yet.', '`oncall add primary --handoff "weekly mon 09:00" @alice @bob` creates one.') };
    const items = found.flatMap((f) => whoLines(f.rota, f.now, ctx.timezone));
    return { message: listReply('On call now:', items) };
  },
};

const show: CommandSpec = {
  name: 'show',
  aliases: ['schedule'],
  usage: ['oncall show <rota> [--weeks N]'],
  summary: 'The schedule ahead, shift by shift, in your time zone (default 2 weeks).',
  role: 'viewer',
  args: { valueFlags: ['weeks'] },
  examples: ['oncall show primary --weeks 4'],
  async run(ctx) {
    const words = positionals(ctx.args, ['rota']);
    const weeksText = flagValue(ctx.args, 'weeks');
    const weeks = weeksText === undefined ? 2 : parseNumber(weeksText, 'number of weeks', '4');
    const { rota, shifts } = await ctx.deps.oncall.show(rotaName(words), weeks);
    const lead: Text = [`Rota ${rota.name} — hand-off ${formatHandoff(rota.handoff)} ${rota.zone}, ${count(rota.members.length, 'member')}; the next ${count(weeks, 'week')}:`];
    const items: Text[] = shifts.map((s) => shiftText(s, ctx.timezone));
    if (items.length === 0) items.push('Nobody is on call in this span.');
    const members: Span[] = rota.members.length ? ['Order: ', ...rota.members.flatMap((m, i) => (i ? [', ', person(m)] : [person(m)]))] : ['No members.'];
    return { message: listReply(lead, items, members) };
  },
};

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  usage: ['oncall list'],
  summary: 'Every rota, its hand-off and members.',
  role: 'viewer',
  async run(ctx) {
    noPositionals(ctx.args);
    const rotas = await ctx.deps.oncall.list();
    if (rotas.length === 0) return { message: say('There are no rotas yet.', '`oncall add primary --handoff "weekly mon 09:00" @alice @bob` creates one.') };
    const items: Text[] = rotas.map((r) => [{ bold: r.name }, ` — ${formatHandoff(r.handoff)} ${r.zone}, `, ...(r.members.length ? r.members.flatMap((m, i) => (i ? [', ', person(m)] : [person(m)])) : ['no members'])]);
    return { message: listReply(`${count(rotas.length, 'rota')}:`, items) };
  },
};

const remove: CommandSpec = {
  name: 'remove',
  aliases: ['rm', 'delete'],
  usage: ['oncall remove <rota>'],
  summary: 'Delete a rota and its overrides (refused while an escalation pages it).',
  role: 'admin',
  async run(ctx) {
    const words = positionals(ctx.args, ['rota']);
    const name = rotaName(words);
    await ctx.deps.oncall.removeRota(name);
    ctx.markChanged();
    return { message: say(`Rota ${name} removed.`) };
  },
};

export const oncallCommand: CommandGroup = {
  name: 'oncall',
  aliases: ['on-call', 'rota'],
  summary: 'On-call rotas: who is on call now and next, overrides, the schedule ahead.',
  subcommands: [who, show, list, add, override, remove],
  defaultSubcommand: 'who',
};
