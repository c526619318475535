/** The outbox: notifications to deliver, claimed per channel with a pacing slot. */
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { ClaimedNotification, NotificationPayload, OutboxBacklog, OutboxEntry, OutboxProblem, OutboxRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { outbox, outboxChannels } from '../schema.ts';

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
    ...(r.claimedUntil ? { claimedUntil: r.claimedUntil } : {}),
  };
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

  async release(claims: ReadonlyArray<{ id: number; claimedUntil: Date }>, now: Date): Promise<number> {
    if (claims.length === 0) return 0;
    const ids = `{${claims.map((c) => c.id).join(',')}}`;
    const untils = `{${claims.map((c) => `"${c.claimedUntil.toISOString()}"`).join(',')}}`;
    // `mine`: the rows still held by these very claims. A claim takes its channel's slot until the same
    // instant as its rows' lease, so a slot still at that instant is this claim's, and is freed now.
    // The conditions are repeated in the outer update, so a row claimed by another replica meanwhile
    // (after a lapse) is re-checked and left alone.
    const rows = await this.db.execute<{ id: number }>(sql`
      with mine as (
        select o.id, o.platform, o.channel_id, o.paced, o.claimed_until
        from ${outbox} o
        join unnest(${ids}::bigint[], ${untils}::timestamptz[]) as c(id, claimed_until) on o.id = c.id and o.claimed_until = c.claimed_until
        where o.status = 'sending'
      ), freed as (
        update ${outboxChannels} ch set next_post_at = ${now.toISOString()}::timestamptz
        from (select distinct platform, channel_id, claimed_until from mine where paced) m
        where ch.platform = m.platform and ch.channel_id = m.channel_id and ch.next_post_at = m.claimed_until
      )
      update ${outbox} o set status = 'pending', claimed_until = null, attempts = greatest(o.attempts - 1, 0)
      from mine
      where o.id = mine.id and o.status = 'sending' and o.claimed_until = mine.claimed_until
      returning o.id`);
    return (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows).length;
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

  async backlog(): Promise<OutboxBacklog> {
    // Counted through `outbox_by_status` without touching the sent rows, however many there are; the
    // earliest pending row is the first entry of the partial index `outbox_due`.
    const rows = await this.db
      .select({ status: outbox.status, n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(inArray(outbox.status, ['pending', 'sending', 'failed']))
      .groupBy(outbox.status);
    const [first] = await this.db.select({ at: outbox.nextAttemptAt }).from(outbox).where(eq(outbox.status, 'pending')).orderBy(asc(outbox.nextAttemptAt)).limit(1);
    const out: OutboxBacklog = { pending: 0, sending: 0, failed: 0, earliestPendingAt: first?.at ?? null };
    for (const r of rows) if (r.status === 'pending' || r.status === 'sending' || r.status === 'failed') out[r.status] = Number(r.n);
    return out;
  }

  async enqueue(e: OutboxEntry, now: Date): Promise<boolean> {
    return (await this.enqueueMany([e], now)) > 0;
  }
}
