/** Services, as an admin configures them; archived ones are kept but not listed. */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { channelKey, parseChannelKey } from '../../src/domain/channel.ts';
import type { Service } from '../../src/domain/service.ts';
import type { ServiceRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { services } from '../schema.ts';

type ServiceRow = typeof services.$inferSelect;

function toService(r: ServiceRow): Service {
  return {
    key: r.key,
    name: r.name,
    calendar: r.calendar,
    objective: r.availabilityTarget !== null && r.availabilityWindow !== null ? { target: r.availabilityTarget, window: r.availabilityWindow } : null,
    degradedWeight: r.degradedWeight,
    channel: r.incidentChannel ? parseChannelKey(r.incidentChannel) : null,
    credits: r.credits?.length ? r.credits.map((t) => ({ below: t.below, credit: t.credit })) : null,
    // Only when set: a service that is not public reads as it always did.
    ...(r.public ? { public: true } : {}),
  };
}

function serviceColumns(s: Service) {
  return {
    name: s.name,
    calendar: s.calendar,
    availabilityTarget: s.objective?.target ?? null,
    availabilityWindow: s.objective?.window ?? null,
    degradedWeight: s.degradedWeight,
    incidentChannel: s.channel ? channelKey(s.channel) : null,
    credits: s.credits?.length ? s.credits.map((t) => ({ below: t.below, credit: t.credit })) : null,
    public: s.public ?? false,
  };
}

export class DrizzleServiceRepository implements ServiceRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(key: string): Promise<Service | null> {
    const [r] = await this.db.select().from(services).where(and(eq(services.key, key), isNull(services.archivedAt)));
    return r ? toService(r) : null;
  }

  async list(): Promise<Service[]> {
    const rows = await this.db.select().from(services).where(isNull(services.archivedAt)).orderBy(asc(services.key));
    return rows.map(toService);
  }

  async some(keys: readonly string[]): Promise<Service[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.select().from(services).where(and(inArray(services.key, [...keys]), isNull(services.archivedAt))).orderBy(asc(services.key));
    return rows.map(toService);
  }

  async add(s: Service): Promise<boolean> {
    const rows = await this.db
      .insert(services)
      .values({ key: s.key, ...serviceColumns(s) })
      .onConflictDoUpdate({ target: services.key, set: { ...serviceColumns(s), archivedAt: null }, setWhere: sql`${services.archivedAt} is not null` })
      .returning({ key: services.key });
    return rows.length === 1;
  }

  async update(s: Service): Promise<void> {
    await this.db.update(services).set(serviceColumns(s)).where(eq(services.key, s.key));
  }

  async archive(key: string): Promise<void> {
    await this.db.update(services).set({ archivedAt: sql`now()` }).where(eq(services.key, key));
  }
}
