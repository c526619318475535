/** Digest runs: each subscription's digest for a period, recorded once. */
import type { DigestRunRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { digestRuns } from '../schema.ts';

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
