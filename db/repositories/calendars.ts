/** Named business-hours calendars. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Weekday } from '../../src/calendar/types.ts';
import type { NamedCalendar } from '../../src/domain/service.ts';
import type { CalendarRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { calendars, services, slaPolicies } from '../schema.ts';

type CalendarRow = typeof calendars.$inferSelect;

function toCalendar(r: CalendarRow): NamedCalendar {
  const c: NamedCalendar = { name: r.name, timezone: r.timezone, weekly: r.weekly as NamedCalendar['weekly'], holidays: r.holidays };
  // Only the sources of dates the calendar still has (a redefinition may have replaced the dates).
  const sources: Record<string, string> = {};
  for (const d of r.holidays) {
    const s = r.holidaySources?.[d];
    if (typeof s === 'string') sources[d] = s;
  }
  if (Object.keys(sources).length > 0) c.holidaySources = sources;
  return c;
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
    const holidays = [...new Set(c.holidays ?? [])].sort();
    // Sources are written only when given: a save without them (redefining the hours) keeps those stored.
    const sources = c.holidaySources === undefined ? undefined : Object.fromEntries(holidays.flatMap((d) => (c.holidaySources?.[d] ? [[d, c.holidaySources[d]]] : [])));
    const values = { timezone: c.timezone, weekly, holidays, ...(sources === undefined ? {} : { holidaySources: sources }) };
    await this.db.insert(calendars).values({ name: c.name, ...values }).onConflictDoUpdate({ target: calendars.name, set: values });
  }

  async usedBy(name: string): Promise<string[]> {
    const a = await this.db.select({ key: services.key }).from(services).where(and(eq(services.calendar, name), isNull(services.archivedAt)));
    const b = await this.db.select({ key: slaPolicies.serviceKey, p: slaPolicies.priority }).from(slaPolicies).where(eq(slaPolicies.calendar, name));
    return [...a.map((r) => `service ${r.key}`), ...b.map((r) => `policy ${r.key} ${r.p}`)];
  }
}
