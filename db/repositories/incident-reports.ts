import { and, asc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { impactSegments } from '../../src/domain/impact.ts';
import type { Impact, Incident, Priority } from '../../src/domain/incident.ts';
import type { ImpactSpan, IncidentReportRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { incidentEvents, incidents } from '../schema.ts';
import { rowsOf, toEvent, toIncident } from './mappers.ts';

export class DrizzleIncidentReportRepository implements IncidentReportRepository {
  constructor(private readonly db: PactaDatabase) {}

  countOpenByService(): Promise<Map<string, number>> {
    return this.countOpenBy(incidents.serviceKey);
  }

  countOpenByPriority(): Promise<Map<Priority, number>> {
    return this.countOpenBy(incidents.priority) as Promise<Map<Priority, number>>;
  }

  /** Unresolved incidents grouped by `column` (through the partial index of open incidents). */
  private async countOpenBy(column: typeof incidents.serviceKey | typeof incidents.priority): Promise<Map<string, number>> {
    const rows = await this.db.select({ key: column, n: sql<number>`count(*)::int` }).from(incidents).where(ne(incidents.status, 'resolved')).groupBy(column);
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
      // Rare: reopened or changed impact (the incident repository marks these). Read its timeline to
      // split the spans.
      const incident = await this.incident(Number(r.number));
      if (!incident) continue;
      for (const s of impactSegments(incident, await this.events(incident.number))) {
        if (s.start < to && (s.end === null || s.end > from)) spans.push({ incidentNumber: incident.number, serviceKey: r.service_key, impact: s.impact, start: s.start, end: s.end });
      }
    }
    return spans;
  }

  private async incident(number: number): Promise<Incident | null> {
    const [r] = await this.db.select().from(incidents).where(eq(incidents.number, number));
    return r ? toIncident(r) : null;
  }

  private async events(number: number) {
    const rows = await this.db.select().from(incidentEvents).where(eq(incidentEvents.incidentNumber, number)).orderBy(asc(incidentEvents.id));
    return rows.map(toEvent);
  }
}
