import { and, eq, isNull } from 'drizzle-orm';
import type { BurnEpisode, BurnEpisodeRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { burnEpisodes } from '../schema.ts';

type Row = typeof burnEpisodes.$inferSelect;

function toEpisode(r: Row): BurnEpisode {
  return { id: r.id, serviceKey: r.serviceKey, severity: r.severity as BurnEpisode['severity'], startedAt: r.startedAt };
}

export class DrizzleBurnEpisodeRepository implements BurnEpisodeRepository {
  constructor(private readonly db: PactaDatabase) {}

  async openServices(): Promise<string[]> {
    return (await this.db.select({ k: burnEpisodes.serviceKey }).from(burnEpisodes).where(isNull(burnEpisodes.endedAt))).map((r) => r.k);
  }

  async open(serviceKey: string): Promise<BurnEpisode | null> {
    const [r] = await this.db
      .select()
      .from(burnEpisodes)
      .where(and(eq(burnEpisodes.serviceKey, serviceKey), isNull(burnEpisodes.endedAt)))
      .for('update');
    return r ? toEpisode(r) : null;
  }

  async start(serviceKey: string, severity: 'page' | 'ticket', at: Date): Promise<BurnEpisode | null> {
    // The partial unique index allows one open episode per service: a racing replica inserts nothing.
    const [r] = await this.db.insert(burnEpisodes).values({ serviceKey, severity, startedAt: at }).onConflictDoNothing().returning();
    return r ? toEpisode(r) : null;
  }

  async escalate(id: number, severity: 'page'): Promise<void> {
    await this.db.update(burnEpisodes).set({ severity }).where(eq(burnEpisodes.id, id));
  }

  async end(id: number, at: Date): Promise<void> {
    await this.db.update(burnEpisodes).set({ endedAt: at }).where(eq(burnEpisodes.id, id));
  }
}
