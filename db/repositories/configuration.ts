/** Services, calendars and SLA policies: the configuration an admin types. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Weekday } from '../../src/calendar/types.ts';
import type { Priority } from '../../src/domain/incident.ts';
import type { NamedCalendar, Service, SlaPolicy } from '../../src/domain/service.ts';
import type { CalendarRepository, PolicyRepository, ServiceRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { calendars, services, slaPolicies } from '../schema.ts';

type ServiceRow = typeof services.$inferSelect;

function toService(r: ServiceRow): Service {
  return {
    key: r.key,
    name: r.name,
    calendar: r.calendar,
    objective: r.availabilityTarget !== null && r.availabilityWindow !== null ? { target: r.availabilityTarget, window: r.availabilityWindow } : null,
    degradedWeight: r.degradedWeight,
  };
}

function serviceColumns(s: Service) {
  return {
    name: s.name,
    calendar: s.calendar,
    availabilityTarget: s.objective?.target ?? null,
    availabilityWindow: s.objective?.window ?? null,
    degradedWeight: s.degradedWeight,
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

type CalendarRow = typeof calendars.$inferSelect;

function toCalendar(r: CalendarRow): NamedCalendar {
  return { name: r.name, timezone: r.timezone, weekly: r.weekly as NamedCalendar['weekly'], holidays: r.holidays };
}

export class DrizzleCalendarRepository implements CalendarRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(name: string): Promise<NamedCalendar | null> {
    const [r] = await this.db.select().from(calendars).where(eq(calendars.name, name));
    return r ? toCalendar(r) : null;
  }

  async list(): Promise<NamedCalendar[]> {
    return (await this.db.select().from(calendars).orderBy(asc(calendars.name))).map(toCalendar);
  }

  async save(c: NamedCalendar): Promise<void> {
    const weekly: Record<string, Array<[string, string]>> = {};
    for (const [day, intervals] of Object.entries(c.weekly) as Array<[Weekday, Array<[string, string]>]>) weekly[day] = intervals;
    const values = { timezone: c.timezone, weekly, holidays: [...new Set(c.holidays ?? [])].sort() };
    await this.db.insert(calendars).values({ name: c.name, ...values }).onConflictDoUpdate({ target: calendars.name, set: values });
  }

  async usedBy(name: string): Promise<string[]> {
    const a = await this.db.select({ key: services.key }).from(services).where(and(eq(services.calendar, name), isNull(services.archivedAt)));
    const b = await this.db.select({ key: slaPolicies.serviceKey, p: slaPolicies.priority }).from(slaPolicies).where(eq(slaPolicies.calendar, name));
    return [...a.map((r) => `service ${r.key}`), ...b.map((r) => `policy ${r.key} ${r.p}`)];
  }
}

type PolicyRow = typeof slaPolicies.$inferSelect;

function toPolicy(r: PolicyRow): SlaPolicy {
  return {
    serviceKey: r.serviceKey,
    priority: r.priority as Priority,
    ackTargetSeconds: r.ackTargetSeconds,
    resolveTargetSeconds: r.resolveTargetSeconds,
    calendar: r.calendar,
    warningThresholds: r.warningThresholds,
  };
}

export class DrizzlePolicyRepository implements PolicyRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(serviceKey: string, priority: Priority): Promise<SlaPolicy | null> {
    const [r] = await this.db.select().from(slaPolicies).where(and(eq(slaPolicies.serviceKey, serviceKey), eq(slaPolicies.priority, priority)));
    return r ? toPolicy(r) : null;
  }

  async list(serviceKey: string): Promise<SlaPolicy[]> {
    const rows = await this.db.select().from(slaPolicies).where(eq(slaPolicies.serviceKey, serviceKey)).orderBy(asc(slaPolicies.priority));
    return rows.map(toPolicy);
  }

  async save(p: SlaPolicy): Promise<void> {
    const values = {
      ackTargetSeconds: p.ackTargetSeconds,
      resolveTargetSeconds: p.resolveTargetSeconds,
      calendar: p.calendar,
      warningThresholds: p.warningThresholds,
      updatedAt: sql`now()`,
    };
    await this.db
      .insert(slaPolicies)
      .values({ serviceKey: p.serviceKey, priority: p.priority, ...values })
      .onConflictDoUpdate({ target: [slaPolicies.serviceKey, slaPolicies.priority], set: values });
  }
}
