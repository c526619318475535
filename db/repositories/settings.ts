/** Settings Pacta keeps for itself, and the chart images platforms fetch by signed URL. */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { ChartImageRepository, SettingRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { chartImages, settings } from '../schema.ts';

export class DrizzleSettingRepository implements SettingRepository {
  constructor(private readonly db: PactaDatabase) {}

  async getOrCreate(name: string, value: string): Promise<string> {
    await this.db.insert(settings).values({ name, value }).onConflictDoNothing();
    const [r] = await this.db.select({ value: settings.value }).from(settings).where(eq(settings.name, name));
    return r!.value;
  }
}

export class DrizzleChartImageRepository implements ChartImageRepository {
  constructor(private readonly db: PactaDatabase) {}

  async put(id: string, png: Uint8Array, at: Date, expiresAt: Date): Promise<void> {
    await this.db
      .insert(chartImages)
      .values({ id, png: Buffer.from(png).toString('base64'), createdAt: at, expiresAt })
      .onConflictDoUpdate({ target: chartImages.id, set: { expiresAt: sql`greatest(${chartImages.expiresAt}, excluded.expires_at)` } });
  }

  async get(id: string, now: Date): Promise<Uint8Array | null> {
    const [r] = await this.db.select({ png: chartImages.png }).from(chartImages).where(and(eq(chartImages.id, id), gt(chartImages.expiresAt, now)));
    return r ? new Uint8Array(Buffer.from(r.png, 'base64')) : null;
  }

  async prune(now: Date): Promise<number> {
    const gone = await this.db.delete(chartImages).where(lte(chartImages.expiresAt, now)).returning({ id: chartImages.id });
    return gone.length;
  }
}
