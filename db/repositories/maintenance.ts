/** Maintenance windows: declared time that availability does not count. */
import { and, asc, gt, inArray, lt } from 'drizzle-orm';
import type { MaintenanceWindow } from '../../src/domain/service.ts';
import type { MaintenanceRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { maintenanceWindows } from '../schema.ts';

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
