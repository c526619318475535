import { subscriptionsList } from '../../src/messages/views/lists.ts';
import { channelKey } from '../../src/domain/channel.ts';
import { noPositionals } from '../arguments.ts';
import type { CommandSpec } from '../spec.ts';

/** `subscriptions`: this channel's subscription; admins see every channel's. */
export const subscriptionsCommand: CommandSpec = {
  name: 'subscriptions',
  aliases: ['subs'],
  usage: ['subscriptions'],
  summary: "Show this channel's subscription (admins see every channel's).",
  role: 'viewer',
  async run(ctx) {
    noPositionals(ctx.args);
    const admin = ctx.deps.admin;
    if (await ctx.deps.roles.allows(ctx.actor, 'admin')) {
      // This channel first: it is the one the reader is most likely asking about.
      const here = channelKey(ctx.channel);
      const all = (await admin.subscriptions()).sort((a, b) => Number(channelKey(b.channel) === here) - Number(channelKey(a.channel) === here));
      const failures = await admin.failures(null, 100);
      return { message: subscriptionsList(all, { current: ctx.channel, title: `Subscriptions, all channels (${all.length})`, failures }) };
    }
    const mine = await admin.subscription(ctx.channel);
    const failures = await admin.failures(ctx.channel, 20);
    return { message: subscriptionsList(mine ? [mine] : [], { current: ctx.channel, title: 'Subscription of this channel', failures }) };
  },
};
