/** Inbound events already acted on, so a platform's retry acts once. */
import type { ProcessedEventRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { processedEvents } from '../schema.ts';

export class DrizzleProcessedEventRepository implements ProcessedEventRepository {
  constructor(private readonly db: PactaDatabase) {}

  async markProcessed(key: string, at: Date): Promise<boolean> {
    const rows = await this.db.insert(processedEvents).values({ key, processedAt: at }).onConflictDoNothing().returning({ key: processedEvents.key });
    return rows.length > 0;
  }
}
