import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { channelKey, parseChannelKey } from '../../src/domain/channel.ts';
import { impactSegments } from '../../src/domain/impact.ts';
import type { Impact, Incident, IncidentEvent, IncidentEventKind, IncidentStatus, Priority } from '../../src/domain/incident.ts';
import type { ImpactSpan, IncidentFilter, IncidentRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { counters, incidentEvents, incidents } from '../schema.ts';
import { fromStoredActor, toStoredActor } from './mappers.ts';

type IncidentRow = typeof incidents.$inferSelect;
type EventRow = typeof incidentEvents.$inferSelect;

function toIncident(r: IncidentRow): Incident {
  return {
    number: r.number,
    serviceKey: r.serviceKey,
    priority: r.priority as Priority,
    title: r.title,
    impact: r.impact as Impact,
    impactStart: r.impactStart,
    status: r.status as IncidentStatus,
    openedAt: r.openedAt,
    openedBy: fromStoredActor(r.openedBy),
    acknowledgedAt: r.acknowledgedAt,
    acknowledgedBy: fromStoredActor(r.acknowledgedBy),
    resolvedAt: r.resolvedAt,
    resolvedBy: fromStoredActor(r.resolvedBy),
    channel: r.originChannel ? parseChannelKey(r.originChannel) : null,
  };
}

function toEvent(r: EventRow): IncidentEvent {
  return { kind: r.kind as IncidentEventKind, at: r.at, actor: fromStoredActor(r.actor), text: r.text, data: r.data };
}

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
  };
}

/** Incidents whose timeline needs reading to know their impact spans (reopened or impact changed). */
const SPAN_EVENTS = ['reopened', 'impact_changed'];

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
  }

  async events(number: number): Promise<IncidentEvent[]> {
    const rows = await this.db.select().from(incidentEvents).where(eq(incidentEvents.incidentNumber, number)).orderBy(asc(incidentEvents.id));
    return rows.map(toEvent);
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

  async countOpenByService(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ key: incidents.serviceKey, n: sql<number>`count(*)::int` })
      .from(incidents)
      .where(ne(incidents.status, 'resolved'))
      .groupBy(incidents.serviceKey);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  async inPeriod(serviceKeys: string[] | null, from: Date, to: Date): Promise<Incident[]> {
    const inRange = (col: typeof incidents.openedAt | typeof incidents.resolvedAt) => and(gte(col, from), lt(col, to));
    const rows = await this.db
      .select()
      .from(incidents)
      .where(and(serviceKeys ? inArray(incidents.serviceKey, serviceKeys) : undefined, or(inRange(incidents.openedAt), inRange(incidents.resolvedAt))))
      .orderBy(asc(incidents.number));
    return rows.map(toIncident);
  }

  async impactSpans(serviceKeys: string[] | null, from: Date, to: Date): Promise<ImpactSpan[]> {
    // A superset first (impact began before `to`, not resolved before `from`); then read the timeline
    // only of the few incidents whose impact was not one plain span.
    const rows = await this.db
      .select()
      .from(incidents)
      .where(
        and(
          serviceKeys ? inArray(incidents.serviceKey, serviceKeys) : undefined,
          lt(incidents.impactStart, to),
          or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, from)),
        ),
      );
    if (rows.length === 0) return [];
    const numbers = rows.map((r) => r.number);
    const complex = new Set(
      (
        await this.db
          .selectDistinct({ n: incidentEvents.incidentNumber })
          .from(incidentEvents)
          .where(and(inArray(incidentEvents.incidentNumber, numbers), inArray(incidentEvents.kind, SPAN_EVENTS)))
      ).map((r) => r.n),
    );
    const spans: ImpactSpan[] = [];
    for (const r of rows) {
      const incident = toIncident(r);
      if (!complex.has(r.number)) {
        spans.push({ incidentNumber: r.number, serviceKey: r.serviceKey, impact: incident.impact, start: incident.impactStart, end: incident.resolvedAt });
        continue;
      }
      for (const s of impactSegments(incident, await this.events(r.number))) {
        spans.push({ incidentNumber: r.number, serviceKey: r.serviceKey, impact: s.impact, start: s.start, end: s.end });
      }
    }
    return spans.filter((s) => s.start < to && (s.end === null || s.end > from));
  }
}
