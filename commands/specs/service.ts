/**
 * `service add|set|remove|list`: the services incidents belong to, with their availability objective,
 * calendar and how much a degraded incident weighs.
 */
import { BadArgumentError } from '../../src/errors.ts';
import { servicesList } from '../../src/messages/views/lists.ts';
import { targetText } from '../../src/messages/views/service-line.ts';
import type { CreditTier, Service } from '../../src/domain/service.ts';
import { percentText } from '../../src/slo/credits.ts';
import type { ServiceInput } from '../../src/usecases/admin.ts';
import { flagValue, noPositionals, parseNumber, positionals, serviceAt } from '../arguments.ts';
import type { ParsedArgs } from '../parse/args.ts';
import { parseCredits } from '../parse/credits.ts';
import { say } from '../replies.ts';
import type { CommandGroup, CommandSpec } from '../spec.ts';

const OBJECTIVE_FLAGS = ['availability', 'window', 'calendar', 'degraded-weight', 'credits'];

/** The optional settings shared by `service add` and `service set`, read from flags. */
function settings(args: ParsedArgs): Omit<ServiceInput, 'key'> {
  const out: Omit<ServiceInput, 'key'> = {};
  const availability = flagValue(args, 'availability');
  if (availability !== undefined) {
    out.availabilityPercent = /^(none|off)$/i.test(availability) ? null : parseNumber(availability, '--availability', '99.9');
  }
  const window = flagValue(args, 'window');
  if (window !== undefined) out.window = window.toLowerCase();
  const calendar = flagValue(args, 'calendar');
  if (calendar !== undefined) out.calendar = calendar;
  const weight = flagValue(args, 'degraded-weight');
  if (weight !== undefined) out.degradedWeight = parseNumber(weight, '--degraded-weight', '0.5');
  const name = flagValue(args, 'name');
  if (name !== undefined) out.name = name;
  const credits = flagValue(args, 'credits');
  if (credits !== undefined) out.credits = parseCredits(credits);
  const shown = publicFlag(args);
  if (shown !== undefined) out.public = shown;
  return out;
}

/** `--public` / `--no-public`: whether the public status page shows the service (docs/dashboard.md). */
function publicFlag(args: ParsedArgs): boolean | undefined {
  const on = args.flags.has('public');
  const off = args.flags.has('no-public');
  if (on && off) throw new BadArgumentError('Give --public or --no-public, not both.');
  return on ? true : off ? false : undefined;
}

const PUBLIC_FLAGS = ['public', 'no-public'];

/** `10% below 99.9%, 25% below 99%`. */
function creditsText(tiers: readonly CreditTier[]): string {
  return tiers.map((t) => `${percentText(t.credit)} below ${percentText(t.below)}`).join(', ');
}

/** `payments (Payments API): 99.9% over 30d, calendar business`. */
function describe(s: Service): string {
  const objective = s.objective ? `${targetText(s.objective.target)} over ${s.objective.window}` : 'no availability objective';
  const channel = s.channel ? ', monitoring posts its incident cards to the channel set with --channel' : '';
  const credits = s.credits?.length ? `, service credits ${creditsText(s.credits)}` : '';
  const shown = s.public ? ', shown on the public status page' : '';
  return `${s.key} (${s.name}): ${objective}, calendar ${s.calendar ?? '24x7'}, degraded weighs ${s.degradedWeight}${credits}${channel}${shown}`;
}

const add: CommandSpec = {
  name: 'add',
  aliases: ['create', 'new'],
  usage: ['service add <key> "<name>" [--availability 99.9] [--window 30d|month|quarter] [--calendar <name>] [--degraded-weight 0.5] [--credits "99.9=10%,99=25%"] [--public]'],
  summary: 'Add a service, optionally with an availability objective and a business calendar.',
  role: 'admin',
  args: { positionals: 1, rest: true, valueFlags: OBJECTIVE_FLAGS, booleanFlags: PUBLIC_FLAGS },
  examples: ['service add payments "Payments API" --availability 99.9 --window 30d --calendar business'],
  async run(ctx) {
    const key = serviceAt(positionals(ctx.args, ['service key (e.g. payments)']), 0);
    const name = ctx.args.rest.trim();
    const service = await ctx.deps.admin.addService({ key, ...(name ? { name } : {}), ...settings(ctx.args) });
    ctx.markChanged();
    return { message: say(`Added ${describe(service)}.`, `Next: \`policy set ${key} P1 ack=15m resolve=4h\` sets its SLA targets.`) };
  },
};

const set: CommandSpec = {
  name: 'set',
  aliases: ['update', 'edit', 'change'],
  usage: ['service set <key> [--name "<name>"] [--availability 99.9|off] [--window 30d] [--calendar <name>|24x7] [--degraded-weight 0.5] [--credits "99.9=10%,99=25%"|off] [--channel|--no-channel] [--public|--no-public]'],
  summary: "Change a service's name, objective, calendar, degraded weight, service credits or whether the public status page shows it.",
  role: 'admin',
  args: { valueFlags: [...OBJECTIVE_FLAGS, 'name'], booleanFlags: ['channel', 'no-channel', ...PUBLIC_FLAGS] },
  examples: ['service set payments --availability 99.95', 'service set payments --name "Payments"', 'service set payments --credits "99.9=10%,99=25%,95=50%"   (credit 10% below 99.9% availability, …)', 'service set payments --channel   (cards of incidents monitoring opens go to this channel)', 'service set payments --public   (the public status page shows its status and availability)'],
  async run(ctx) {
    const key = serviceAt(positionals(ctx.args, ['service key (e.g. payments)']), 0);
    const changes = settings(ctx.args);
    if (ctx.args.flags.has('channel')) changes.channel = ctx.channel;
    if (ctx.args.flags.has('no-channel')) changes.channel = null;
    if (Object.keys(changes).length === 0) throw new BadArgumentError(`Nothing to change: give at least one option, e.g. \`service set ${key} --availability 99.95\`.`);
    const service = await ctx.deps.admin.setService({ key, ...changes });
    ctx.markChanged();
    return { message: say(`Updated ${describe(service)}.`) };
  },
};

const remove: CommandSpec = {
  name: 'remove',
  aliases: ['rm', 'delete', 'archive'],
  usage: ['service remove <key>'],
  summary: 'Remove a service (it must have no open incidents; its history is kept).',
  role: 'admin',
  examples: ['service remove payments'],
  async run(ctx) {
    const key = serviceAt(positionals(ctx.args, ['service key (e.g. payments)']), 0);
    await ctx.deps.admin.removeService(key);
    ctx.markChanged();
    return { message: say(`Removed ${key}. Its past incidents stay in reports; \`service add ${key}\` brings it back.`) };
  },
};

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  usage: ['service list'],
  summary: 'List the services with their objectives and calendars.',
  role: 'viewer',
  async run(ctx) {
    noPositionals(ctx.args);
    return { message: servicesList(await ctx.deps.admin.services()) };
  },
};

/** The `service` group. */
export const serviceCommand: CommandGroup = {
  name: 'service',
  aliases: ['services', 'svc'],
  summary: 'Define the services incidents belong to and their availability objectives.',
  defaultSubcommand: 'list',
  subcommands: [add, set, remove, list],
};
