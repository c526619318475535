/** Messages Pacta posted about incidents (cards, alerts), for updates and reactions. */
import { and, asc, eq } from 'drizzle-orm';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { MessageKind, MessageRefRepository, StoredMessageRef } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { messageRefs } from '../schema.ts';

type Row = typeof messageRefs.$inferSelect;

function toRef(r: Row): StoredMessageRef {
  return { channel: { platform: r.platform as ChannelRef['platform'], id: r.channelId }, messageId: r.messageId, incidentNumber: r.incidentNumber, kind: r.kind as MessageKind };
}

export class DrizzleMessageRefRepository implements MessageRefRepository {
  constructor(private readonly db: PactaDatabase) {}

  async record(ref: StoredMessageRef): Promise<void> {
    await this.db
      .insert(messageRefs)
      .values({ platform: ref.channel.platform, channelId: ref.channel.id, messageId: ref.messageId, incidentNumber: ref.incidentNumber, kind: ref.kind })
      .onConflictDoNothing();
  }

  async find(channel: ChannelRef, messageId: string): Promise<StoredMessageRef | null> {
    const [r] = await this.db
      .select()
      .from(messageRefs)
      .where(and(eq(messageRefs.platform, channel.platform), eq(messageRefs.channelId, channel.id), eq(messageRefs.messageId, messageId)));
    return r ? toRef(r) : null;
  }

  async forIncident(incidentNumber: number, kind?: MessageKind): Promise<StoredMessageRef[]> {
    const rows = await this.db
      .select()
      .from(messageRefs)
      .where(and(eq(messageRefs.incidentNumber, incidentNumber), kind ? eq(messageRefs.kind, kind) : undefined))
      .orderBy(asc(messageRefs.id));
    return rows.map(toRef);
  }
}
