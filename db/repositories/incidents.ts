import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { channelKey } from '../../src/domain/channel.ts';
import type { Incident, IncidentEvent } from '../../src/domain/incident.ts';
import type { IncidentFilter, IncidentRepository } from '../../src/ports/store.ts';
import type { ClockSummary } from '../../src/sla/types.ts';
import type { PactaDatabase } from '../client.ts';
import { counters, incidentEvents, incidents } from '../schema.ts';
import { toEvent, toIncident, toStoredActor } from './mappers.ts';

function mutableColumns(i: Incident) {
  return {
    priority: i.priority,
    title: i.title,
    impact: i.impact,
    impactStart: i.impactStart,
    status: i.status,
    acknowledgedAt: i.acknowledgedAt,
    acknowledgedBy: i.acknowledgedBy ? toStoredActor(i.acknowledgedBy) : null,
    resolvedAt: i.resolvedAt,
    resolvedBy: i.resolvedBy ? toStoredActor(i.resolvedBy) : null,
    // Only when known: an incident built without the flag (a new one, a test's) leaves it as stored.
    ...(i.public !== undefined ? { public: i.public } : {}),
  };
}

/** Events after which an incident's impact is no longer one plain span: availability reads its timeline. */
const SPAN_EVENTS: readonly string[] = ['reopened', 'impact_changed', 'undone'];

export class DrizzleIncidentRepository implements IncidentRepository {
  constructor(private readonly db: PactaDatabase) {}

  async allocateNumber(): Promise<number> {
    // The upsert's row lock serialises concurrent openers until their transactions end: numbers stay
    // gapless, since a rolled-back transaction also rolls back its increment.
    const [r] = await this.db
      .insert(counters)
      .values({ name: 'incident', value: 1 })
      .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
      .returning({ value: counters.value });
    return r!.value;
  }

  async insert(i: Incident): Promise<void> {
    await this.db.insert(incidents).values({
      number: i.number,
      serviceKey: i.serviceKey,
      openedAt: i.openedAt,
      openedBy: toStoredActor(i.openedBy),
      originChannel: i.channel ? channelKey(i.channel) : null,
      updatedAt: i.openedAt,
      ...mutableColumns(i),
    });
  }

  async get(number: number, opts?: { forUpdate?: boolean }): Promise<Incident | null> {
    const q = this.db.select().from(incidents).where(eq(incidents.number, number));
    const [r] = opts?.forUpdate ? await q.for('update') : await q;
    return r ? toIncident(r) : null;
  }

  async update(i: Incident): Promise<void> {
    await this.db.update(incidents).set({ ...mutableColumns(i), updatedAt: sql`now()` }).where(eq(incidents.number, i.number));
  }

  async appendEvent(number: number, e: IncidentEvent): Promise<void> {
    await this.db.insert(incidentEvents).values({ incidentNumber: number, at: e.at, kind: e.kind, actor: toStoredActor(e.actor), text: e.text ?? null, data: e.data ?? null });
    if (SPAN_EVENTS.includes(e.kind)) await this.db.update(incidents).set({ complexImpact: true }).where(eq(incidents.number, number));
  }

  async events(number: number): Promise<IncidentEvent[]> {
    const rows = await this.db.select().from(incidentEvents).where(eq(incidentEvents.incidentNumber, number)).orderBy(asc(incidentEvents.id));
    return rows.map(toEvent);
  }

  async getManyWithEvents(numbers: number[]): Promise<Map<number, { incident: Incident; events: IncidentEvent[] }>> {
    const out = new Map<number, { incident: Incident; events: IncidentEvent[] }>();
    if (numbers.length === 0) return out;
    const list = `{${numbers.join(',')}}`;
    const [rows, events] = await Promise.all([
      this.db.select().from(incidents).where(sql`${incidents.number} = any(${list}::int[])`),
      this.db.select().from(incidentEvents).where(sql`${incidentEvents.incidentNumber} = any(${list}::int[])`).orderBy(asc(incidentEvents.id)),
    ]);
    for (const r of rows) out.set(r.number, { incident: toIncident(r), events: [] });
    for (const e of events) out.get(e.incidentNumber)?.events.push(toEvent(e));
    return out;
  }

  async list(filter: IncidentFilter): Promise<Incident[]> {
    const where: SQL[] = [];
    if (filter.serviceKeys) where.push(inArray(incidents.serviceKey, filter.serviceKeys));
    if (filter.openOnly) where.push(ne(incidents.status, 'resolved'));
    const q = this.db
      .select()
      .from(incidents)
      .where(and(...where))
      .orderBy(desc(incidents.number));
    const rows = filter.limit ? await q.limit(filter.limit) : await q;
    return rows.map(toIncident);
  }

  async setClockSummary(number: number, c: ClockSummary): Promise<void> {
    await this.db.update(incidents).set({ slaDueAt: c.dueAt, slaDueClock: c.dueClock, slaBreachAt: c.breachAt }).where(eq(incidents.number, number));
  }
}
