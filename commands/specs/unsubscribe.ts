import type { Subscription } from '../../src/ports/store.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';
import { describeSubscription, readServices } from './subscribe.ts';

/** `unsubscribe [services]`: stops this channel's subscription, or drops some services from it. */
export const unsubscribeCommand: CommandSpec = {
  name: 'unsubscribe',
  aliases: ['unsub', 'unfollow', 'unwatch'],
  usage: ['unsubscribe [services]'],
  summary: "Stop this channel's notices, alerts and digest — or, naming services, only theirs.",
  role: 'admin',
  examples: ['unsubscribe', 'unsubscribe search'],
  async run(ctx) {
    const { all, keys } = readServices(ctx.args.positional);
    const existing = await ctx.deps.admin.subscription(ctx.channel);
    if (!existing) return { message: say('This channel has no subscription; nothing to stop.') };
    if (all || keys.length === 0) {
      await ctx.deps.admin.unsubscribe(ctx.channel);
      ctx.markChanged();
      return { message: say('This channel no longer receives notices, alerts or digests.') };
    }
    if (existing.allServices) {
      return { message: say('This channel follows all services. To follow only some, `unsubscribe` and then `subscribe <services>`.') };
    }
    const remaining = existing.services.filter((k) => !keys.includes(k));
    const missing = keys.filter((k) => !existing.services.includes(k));
    if (remaining.length === existing.services.length) return { message: say(`This channel does not follow ${missing.join(', ')}; nothing changed. ${describeSubscription(existing)}`) };
    if (remaining.length === 0) {
      await ctx.deps.admin.unsubscribe(ctx.channel);
      ctx.markChanged();
      return { message: say('That was everything this channel followed: it no longer receives notices, alerts or digests.') };
    }
    const next: Omit<Subscription, 'id' | 'createdAt'> = { ...existing, services: remaining };
    await ctx.deps.admin.subscribe(next);
    ctx.markChanged();
    return { message: say(describeSubscription(next)) };
  },
};
