/** Subscriptions: which channels hear about which services, and their digest schedules. */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Subscription, SubscriptionRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { subscriptions } from '../schema.ts';
import { fromStoredActor, toStoredActor } from './mappers.ts';

type SubscriptionRow = typeof subscriptions.$inferSelect;

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    channel: { platform: r.platform as ChannelRef['platform'], id: r.channelId },
    services: r.services,
    allServices: r.allServices,
    digestSpec: r.digestSpec,
    digestCron: r.digestCron,
    timezone: r.timezone,
    createdBy: fromStoredActor(r.createdBy),
    createdAt: r.createdAt,
  };
}

export class DrizzleSubscriptionRepository implements SubscriptionRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(id: number): Promise<Subscription | null> {
    const [r] = await this.db.select().from(subscriptions).where(eq(subscriptions.id, id));
    return r ? toSubscription(r) : null;
  }

  async upsert(s: Omit<Subscription, 'id' | 'createdAt'>, at: Date): Promise<Subscription> {
    const values = {
      services: s.services,
      allServices: s.allServices,
      digestSpec: s.digestSpec,
      digestCron: s.digestCron,
      timezone: s.timezone,
      createdBy: toStoredActor(s.createdBy),
    };
    const [r] = await this.db
      .insert(subscriptions)
      .values({ platform: s.channel.platform, channelId: s.channel.id, ...values, createdAt: at })
      // Changing a subscription restarts its digest schedule: no "late" digest for a period before the change.
      .onConflictDoUpdate({ target: [subscriptions.platform, subscriptions.channelId], set: { ...values, createdAt: at } })
      .returning();
    return toSubscription(r!);
  }

  async remove(channel: ChannelRef): Promise<boolean> {
    const rows = await this.db
      .delete(subscriptions)
      .where(and(eq(subscriptions.platform, channel.platform), eq(subscriptions.channelId, channel.id)))
      .returning({ id: subscriptions.id });
    return rows.length > 0;
  }

  async forChannel(channel: ChannelRef): Promise<Subscription | null> {
    const [r] = await this.db.select().from(subscriptions).where(and(eq(subscriptions.platform, channel.platform), eq(subscriptions.channelId, channel.id)));
    return r ? toSubscription(r) : null;
  }

  async list(): Promise<Subscription[]> {
    return (await this.db.select().from(subscriptions).orderBy(asc(subscriptions.id))).map(toSubscription);
  }

  async forService(serviceKey: string): Promise<Subscription[]> {
    const rows = await this.db
      .select()
      .from(subscriptions)
      .where(or(eq(subscriptions.allServices, true), sql`${serviceKey} = any(${subscriptions.services})`))
      .orderBy(asc(subscriptions.id));
    return rows.map(toSubscription);
  }
}
