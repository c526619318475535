/** Subscriptions, the outbox and maintenance windows: what is sent where, and when not to count. */
import { and, asc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { MaintenanceWindow } from '../../src/domain/service.ts';
import type { MaintenanceRepository, OutboxEntry, OutboxRepository, Subscription, SubscriptionRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { maintenanceWindows, outbox, subscriptions } from '../schema.ts';
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
  };
}

export class DrizzleSubscriptionRepository implements SubscriptionRepository {
  constructor(private readonly db: PactaDatabase) {}

  async upsert(s: Omit<Subscription, 'id'>): Promise<Subscription> {
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
      .values({ platform: s.channel.platform, channelId: s.channel.id, ...values })
      .onConflictDoUpdate({ target: [subscriptions.platform, subscriptions.channelId], set: values })
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

export class DrizzleOutboxRepository implements OutboxRepository {
  constructor(private readonly db: PactaDatabase) {}

  async enqueue(e: OutboxEntry, now: Date): Promise<boolean> {
    const rows = await this.db
      .insert(outbox)
      .values({
        key: e.key,
        platform: e.channel.platform,
        channelId: e.channel.id,
        incidentNumber: e.incidentNumber,
        payload: e.payload,
        nextAttemptAt: e.notBefore,
        createdAt: now,
      })
      .onConflictDoNothing({ target: outbox.key })
      .returning({ id: outbox.id });
    return rows.length > 0;
  }
}

type MaintenanceRow = typeof maintenanceWindows.$inferSelect;

function toWindow(r: MaintenanceRow): MaintenanceWindow {
  return { id: r.id, serviceKey: r.serviceKey, start: r.startsAt, end: r.endsAt, reason: r.reason, createdBy: `${r.createdBy.platform}:${r.createdBy.id}` };
}

export class DrizzleMaintenanceRepository implements MaintenanceRepository {
  constructor(private readonly db: PactaDatabase) {}

  async add(w: Omit<MaintenanceWindow, 'id'>): Promise<MaintenanceWindow> {
    const [platform, ...rest] = w.createdBy.split(':');
    const [r] = await this.db
      .insert(maintenanceWindows)
      .values({ serviceKey: w.serviceKey, startsAt: w.start, endsAt: w.end, reason: w.reason, createdBy: { platform: platform ?? 'system', id: rest.join(':') } })
      .returning();
    return toWindow(r!);
  }

  async overlapping(serviceKeys: string[] | null, from: Date, to: Date): Promise<MaintenanceWindow[]> {
    const rows = await this.db
      .select()
      .from(maintenanceWindows)
      .where(and(serviceKeys ? inArray(maintenanceWindows.serviceKey, serviceKeys) : undefined, lt(maintenanceWindows.startsAt, to), gt(maintenanceWindows.endsAt, from)))
      .orderBy(asc(maintenanceWindows.startsAt));
    return rows.map(toWindow);
  }
}
