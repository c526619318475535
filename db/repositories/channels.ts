/** Subscriptions, the outbox and maintenance windows: what is sent where, and when not to count. */
import { and, asc, desc, eq, gt, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { MaintenanceWindow } from '../../src/domain/service.ts';
import type {
  ClaimedNotification,
  DigestRunRepository,
  MaintenanceRepository,
  NotificationPayload,
  OutboxEntry,
  OutboxProblem,
  OutboxRepository,
  Subscription,
  SubscriptionRepository,
} from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { digestRuns, maintenanceWindows, outbox, outboxChannels, subscriptions } from '../schema.ts';
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

type OutboxRow = typeof outbox.$inferSelect;

function toClaimed(r: OutboxRow): ClaimedNotification {
  return {
    id: r.id,
    key: r.key,
    channel: { platform: r.platform as ChannelRef['platform'], id: r.channelId },
    incidentNumber: r.incidentNumber,
    payload: r.payload as NotificationPayload,
    notBefore: r.nextAttemptAt,
    paced: r.paced,
    attempts: r.attempts,
  };
}

export class DrizzleDigestRunRepository implements DigestRunRepository {
  constructor(private readonly db: PactaDatabase) {}

  async claim(subscriptionId: number, periodKey: string, scheduledAt: Date, late: boolean, now: Date): Promise<boolean> {
    const rows = await this.db
      .insert(digestRuns)
      .values({ subscriptionId, periodKey, scheduledAt, late, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: digestRuns.id });
    return rows.length > 0;
  }
}

export class DrizzleOutboxRepository implements OutboxRepository {
  constructor(private readonly db: PactaDatabase) {}

  async enqueueMany(entries: OutboxEntry[], now: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const rows = await this.db
      .insert(outbox)
      .values(
        entries.map((e) => ({
          key: e.key,
          platform: e.channel.platform,
          channelId: e.channel.id,
          incidentNumber: e.incidentNumber,
          payload: e.payload,
          paced: e.paced ?? true,
          nextAttemptAt: e.notBefore,
          createdAt: now,
        })),
      )
      .onConflictDoNothing({ target: outbox.key })
      .returning({ id: outbox.id });
    return rows.length;
  }

  async claim(now: Date, limit: number, leaseMs: number, perChannel = 1, platforms?: readonly ChannelRef['platform'][]): Promise<ClaimedNotification[]> {
    if (platforms && platforms.length === 0) return [];
    // Candidates: due rows, and rows whose claim lapsed (a replica died mid-delivery). Locked so no
    // other replica takes the same row; skipped if another already holds it.
    const candidates = await this.db
      .select()
      .from(outbox)
      .where(
        and(
          or(
            and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
            and(eq(outbox.status, 'sending'), lte(outbox.claimedUntil, now)),
          ),
          platforms ? inArray(outbox.platform, [...platforms]) : undefined,
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit * Math.max(4, perChannel * 2))
      .for('update', { skipLocked: true });
    // Unpaced rows (cards, their refreshes, thread notes) need no slot; the first paced rows of each
    // channel (at most `limit` channels, `perChannel` rows each) need their channel's slot.
    const unpaced = candidates.filter((r) => !r.paced).slice(0, limit * perChannel);
    const firsts = new Map<string, OutboxRow>();
    const byChannel = new Map<string, OutboxRow[]>();
    for (const r of candidates) {
      if (!r.paced) continue;
      const channel = `${r.platform}:${r.channelId}`;
      if (!firsts.has(channel)) {
        if (firsts.size >= limit) continue;
        firsts.set(channel, r);
        byChannel.set(channel, []);
      }
      const list = byChannel.get(channel)!;
      if (list.length < perChannel) list.push(r);
    }
    // Take the slot of each of those channels in one statement; a channel whose slot is taken (a post in
    // flight, posted to less than the pacing gap ago, or paused by a rate limit) returns no row and is
    // left for later. The slot is held for the lease: marking the rows frees it.
    const rows = [...firsts.values()];
    const next = new Date(now.getTime() + leaseMs);
    const slots =
      rows.length === 0
        ? []
        : await this.db
            .insert(outboxChannels)
            .values(rows.map((r) => ({ platform: r.platform, channelId: r.channelId, nextPostAt: next })))
            .onConflictDoUpdate({
              target: [outboxChannels.platform, outboxChannels.channelId],
              set: { nextPostAt: next },
              setWhere: lte(outboxChannels.nextPostAt, now),
            })
            .returning({ platform: outboxChannels.platform, channelId: outboxChannels.channelId });
    const ids = [...unpaced.map((r) => r.id), ...slots.flatMap((x) => byChannel.get(`${x.platform}:${x.channelId}`)!.map((r) => r.id))];
    if (ids.length === 0) return [];
    const claimed = await this.db
      .update(outbox)
      .set({ status: 'sending', claimedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
      .where(sql`${outbox.id} = any(${`{${ids.join(',')}}`}::bigint[])`)
      .returning();
    return claimed.map(toClaimed).sort((a, b) => a.id - b.id);
  }

  async markSent(id: number, messageId: string, at: Date, channelFreeAt: Date): Promise<void> {
    const [row] = await this.db
      .update(outbox)
      .set({ status: 'sent', messageId, sentAt: at, claimedUntil: null, lastError: null })
      .where(eq(outbox.id, id))
      .returning({ platform: outbox.platform, channelId: outbox.channelId, paced: outbox.paced });
    if (row?.paced) await this.freeChannel(row.platform, row.channelId, channelFreeAt);
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string, channelFreeAt: Date): Promise<void> {
    const [row] = await this.db
      .update(outbox)
      .set({ status: 'pending', nextAttemptAt, lastError: error, claimedUntil: null })
      .where(eq(outbox.id, id))
      .returning({ platform: outbox.platform, channelId: outbox.channelId, paced: outbox.paced });
    if (row?.paced) await this.freeChannel(row.platform, row.channelId, channelFreeAt);
  }

  async markFailed(id: number, error: string, at: Date, channelFreeAt?: Date): Promise<void> {
    const [row] = await this.db
      .update(outbox)
      .set({ status: 'failed', lastError: error, claimedUntil: null, sentAt: null, nextAttemptAt: at })
      .where(eq(outbox.id, id))
      .returning({ platform: outbox.platform, channelId: outbox.channelId, paced: outbox.paced });
    if (row?.paced && channelFreeAt) await this.freeChannel(row.platform, row.channelId, channelFreeAt);
  }

  private async freeChannel(platform: string, channelId: string, at: Date): Promise<void> {
    await this.db
      .update(outboxChannels)
      .set({ nextPostAt: at })
      .where(and(eq(outboxChannels.platform, platform), eq(outboxChannels.channelId, channelId)));
  }

  async failures(channel: ChannelRef | null, limit: number): Promise<OutboxProblem[]> {
    const rows = await this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'failed'), channel ? and(eq(outbox.platform, channel.platform), eq(outbox.channelId, channel.id)) : undefined))
      .orderBy(desc(outbox.id))
      .limit(limit);
    return rows.map((r) => ({ key: r.key, channel: { platform: r.platform as ChannelRef['platform'], id: r.channelId }, attempts: r.attempts, lastError: r.lastError, at: r.nextAttemptAt }));
  }

  async counts(): Promise<Record<'pending' | 'sending' | 'sent' | 'failed', number>> {
    const rows = await this.db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status);
    const out = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) if (r.status in out) out[r.status as keyof typeof out] = Number(r.n);
    return out;
  }

  async enqueue(e: OutboxEntry, now: Date): Promise<boolean> {
    return (await this.enqueueMany([e], now)) > 0;
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
