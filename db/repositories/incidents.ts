import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { channelKey, parseChannelKey } from '../../src/domain/channel.ts';
import { impactSegments } from '../../src/domain/impact.ts';
import type { Impact, Incident, IncidentEvent, IncidentEventKind, IncidentStatus, Priority } from '../../src/domain/incident.ts';
import type { ClockKind } from '../../src/sla/clock.ts';
import type { ClockSummary, ImpactSpan, IncidentFilter, IncidentRepository, OpenSummary } from '../../src/ports/store.ts';
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

  async setClockSummary(number: number, c: ClockSummary): Promise<void> {
    await this.db.update(incidents).set({ slaDueAt: c.dueAt, slaDueClock: c.dueClock, slaBreachAt: c.breachAt }).where(eq(incidents.number, number));
  }

  async openSummary(now: Date): Promise<OpenSummary[]> {
    // Instants come back as epoch milliseconds: parsing thousands of timestamp strings costs more than
    // the query itself.
    const rows = rowsOf<{ service_key: string; open: number; breached: number; n: number | null; kind: string | null; due: number | null; breach: number | null }>(
      await this.db.execute(sql`
        select service_key, open, breached, (nearest).number as n, (nearest).sla_due_clock as kind,
               extract(epoch from (nearest).sla_due_at) * 1000 as due, extract(epoch from (nearest).sla_breach_at) * 1000 as breach
        from (select service_key, count(*)::int as open,
                     (count(*) filter (where sla_breach_at <= ${now.toISOString()}::timestamptz))::int as breached,
                     (array_agg(i order by sla_due_at) filter (where sla_due_at is not null))[1] as nearest
              from incidents i where status <> 'resolved' group by service_key) s`),
    );
    return rows.map((r) => ({
      serviceKey: r.service_key,
      open: Number(r.open),
      breached: Number(r.breached),
      nearest:
        r.n !== null && r.kind !== null && r.due !== null
          ? { incident: Number(r.n), kind: r.kind as ClockKind, dueAt: new Date(Number(r.due)), breached: r.breach !== null && Number(r.breach) <= now.getTime() }
          : null,
    }));
  }

  async impactSpans(serviceKeys: string[] | null, from: Date, to: Date): Promise<ImpactSpan[]> {
    // Narrow rows with instants as epoch ms (cheap to read in bulk). Incidents that never had an impact
    // (and never changed it) weigh nothing and are not fetched.
    const rows = rowsOf<{ number: number; service_key: string; impact: string; start: number; end: number | null; complex: boolean }>(
      await this.db.execute(sql`
        select number, service_key, impact, extract(epoch from impact_start) * 1000 as start,
               extract(epoch from resolved_at) * 1000 as "end", complex_impact as complex
        from incidents
        where impact_start < ${to.toISOString()}::timestamptz
          and (resolved_at is null or resolved_at > ${from.toISOString()}::timestamptz)
          and (impact <> 'none' or complex_impact)
          ${serviceKeys ? sql`and service_key = any(${`{${serviceKeys.join(',')}}`}::text[])` : sql``}`),
    );
    const spans: ImpactSpan[] = [];
    for (const r of rows) {
      if (!r.complex) {
        spans.push({ incidentNumber: Number(r.number), serviceKey: r.service_key, impact: r.impact as Impact, start: new Date(Number(r.start)), end: r.end === null ? null : new Date(Number(r.end)) });
        continue;
      }
      // Rare: reopened or changed impact. Read its timeline to split the spans.
      const incident = await this.get(Number(r.number));
      if (!incident) continue;
      for (const s of impactSegments(incident, await this.events(incident.number))) {
        if (s.start < to && (s.end === null || s.end > from)) spans.push({ incidentNumber: incident.number, serviceKey: r.service_key, impact: s.impact, start: s.start, end: s.end });
      }
    }
    return spans;
  }
}

/** Rows of `db.execute`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
