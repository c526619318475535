/** What a platform needs to post into a conversation later (Teams conversation references). */
import { eq } from 'drizzle-orm';
import type { ConversationRefRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { conversationRefs } from '../schema.ts';

export class DrizzleConversationRefRepository implements ConversationRefRepository {
  constructor(private readonly db: PactaDatabase) {}

  async save(key: string, platform: string, reference: unknown, at: Date): Promise<void> {
    await this.db
      .insert(conversationRefs)
      .values({ key, platform, reference, updatedAt: at })
      .onConflictDoUpdate({ target: conversationRefs.key, set: { reference, updatedAt: at } });
  }

  async get(key: string): Promise<unknown | null> {
    const [r] = await this.db.select({ reference: conversationRefs.reference }).from(conversationRefs).where(eq(conversationRefs.key, key));
    return r?.reference ?? null;
  }
}
