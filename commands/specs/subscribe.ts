/**
 * `subscribe`: which services' notices and alerts this channel receives, and when its digest comes
 * (docs/semantics.md §5). A channel has one subscription. Subscribing again adds the services named (or, for
 * a channel that followed all, switches to just those) and updates the digest and zone if given,
 * keeping the rest; with no services and no subscription yet it follows every service.
 */
import { BadArgumentError } from '../../src/errors.ts';
import type { Subscription } from '../../src/ports/store.ts';
import { flagValue } from '../arguments.ts';
import { digestScheduleContinues, formatDigestSchedule, parseDigestSchedule, toCron } from '../parse/digest-schedule.ts';
import { parseServiceKey } from '../parse/service-key.ts';
import { parseTimeZone } from '../parse/time-zone.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';

/** `payments, search` or `all services`, with the digest: the sentence both subscribe commands end on. */
export function describeSubscription(s: Omit<Subscription, 'id' | 'createdAt'>): string {
  const what = s.allServices ? 'all services' : s.services.join(', ');
  const digest = s.digestSpec ? `a digest ${s.digestSpec} (${s.timezone})` : 'no digest';
  return `This channel follows ${what}, with ${digest}.`;
}

/** Service keys from words like `payments search` or `payments,search`; `all` alone means every service. */
export function readServices(words: readonly string[]): { all: boolean; keys: string[] } {
  const parts = words.flatMap((w) => w.split(',')).map((w) => w.trim()).filter((w) => w !== '');
  if (parts.some((p) => p.toLowerCase() === 'all')) {
    if (parts.length > 1) throw new BadArgumentError('`all` already means every service; name services or write all, not both.');
    return { all: true, keys: [] };
  }
  return { all: false, keys: [...new Set(parts.map(parseServiceKey))] };
}

/** `subscribe [services|all] [--digest …] [--tz <zone>]`. */
export const subscribeCommand: CommandSpec = {
  name: 'subscribe',
  aliases: ['sub', 'follow', 'watch'],
  usage: ['subscribe [services|all] [--digest daily@09:00|weekdays@09:00|weekly@mon 09:00|"<cron>"|off] [--tz <zone>]'],
  summary: "Send this channel incident notices, warnings and breach alerts for services, and a scheduled digest.",
  role: 'admin',
  args: { valueFlags: ['digest', 'tz'], flagContinues: { digest: digestScheduleContinues } },
  examples: ['subscribe payments --digest daily@09:00 --tz Europe/Berlin', 'subscribe all --digest weekly@mon 09:00', 'subscribe search'],
  async run(ctx) {
    const { all, keys } = readServices(ctx.args.positional);
    const digestText = flagValue(ctx.args, 'digest');
    const tzText = flagValue(ctx.args, 'tz');
    const schedule = digestText === undefined || /^(off|none)$/i.test(digestText) ? null : parseDigestSchedule(digestText);
    const timezone = tzText !== undefined ? parseTimeZone(tzText) : undefined;
    const existing = await ctx.deps.admin.subscription(ctx.channel);
    // No services named and nothing followed yet means every service, as the usage line says.
    const allServices = all || (keys.length === 0 && (existing === null || existing.allServices));
    const services = allServices ? [] : [...new Set([...(existing?.allServices ? [] : (existing?.services ?? [])), ...keys])].sort();
    const keepDigest = digestText === undefined;
    const next: Omit<Subscription, 'id' | 'createdAt'> = {
      channel: ctx.channel,
      services,
      allServices,
      digestSpec: keepDigest ? (existing?.digestSpec ?? null) : schedule ? formatDigestSchedule(schedule) : null,
      digestCron: keepDigest ? (existing?.digestCron ?? null) : schedule ? toCron(schedule) : null,
      timezone: timezone ?? existing?.timezone ?? ctx.timezone,
      createdBy: ctx.actor,
    };
    await ctx.deps.admin.subscribe(next);
    ctx.markChanged();
    return { message: say(describeSubscription(next), '`subscriptions` lists them; `unsubscribe` stops them.') };
  },
};
