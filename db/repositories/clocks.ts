import { and, asc, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { ClockKind, ClockState } from '../../src/sla/clock.ts';
import type { ClockRepository } from '../../src/ports/store.ts';
import type { StoredClock } from '../../src/sla/types.ts';
import type { PactaDatabase } from '../client.ts';
import { incidents, slaClocks } from '../schema.ts';

type ClockRow = typeof slaClocks.$inferSelect;

function toClock(r: ClockRow): StoredClock {
  return {
    incidentNumber: r.incidentNumber,
    kind: r.kind as ClockKind,
    targetSeconds: r.targetSeconds,
    calendar: r.calendar,
    state: r.state as ClockState,
    elapsedSeconds: r.elapsedSeconds,
    runningSince: r.runningSince,
    dueAt: r.dueAt,
    breachedAt: r.breachedAt,
    warningThresholds: r.warningThresholds,
    warningsFired: r.warningsFired,
    breachAlertedAt: r.breachAlertedAt,
    nextCheckAt: r.nextCheckAt,
  };
}

export class DrizzleClockRepository implements ClockRepository {
  constructor(private readonly db: PactaDatabase) {}

  async replace(incidentNumber: number, clocks: StoredClock[]): Promise<void> {
    await this.db.delete(slaClocks).where(eq(slaClocks.incidentNumber, incidentNumber));
    if (clocks.length === 0) return;
    await this.db.insert(slaClocks).values(clocks.map((c) => ({ ...c, updatedAt: sql`now()` })));
  }

  async forIncidents(numbers: number[]): Promise<StoredClock[]> {
    if (numbers.length === 0) return [];
    // One array parameter rather than one parameter per number: status asks for a thousand at once.
    const rows = await this.db
      .select()
      .from(slaClocks)
      .where(sql`${slaClocks.incidentNumber} = any(${`{${numbers.join(',')}}`}::int[])`)
      // By kind too (ack before resolve, as incident views sort them): lists of open incidents then show
      // their clocks in one order, not in whatever order the rows were last written.
      .orderBy(asc(slaClocks.incidentNumber), asc(slaClocks.kind));
    return rows.map(toClock);
  }

  async save(c: StoredClock): Promise<void> {
    const { incidentNumber, kind, ...rest } = c;
    await this.db
      .update(slaClocks)
      .set({ ...rest, updatedAt: sql`now()` })
      .where(and(eq(slaClocks.incidentNumber, incidentNumber), eq(slaClocks.kind, kind)));
  }

  async claimDue(now: Date, limit: number): Promise<StoredClock[]> {
    const rows = await this.db
      .select()
      .from(slaClocks)
      .where(and(isNotNull(slaClocks.nextCheckAt), lte(slaClocks.nextCheckAt, now)))
      .orderBy(asc(slaClocks.nextCheckAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return rows.map(toClock);
  }

  async breachesIn(serviceKeys: string[] | null, from: Date, to: Date): Promise<Array<StoredClock & { serviceKey: string }>> {
    // breached_at is the (projected) breach instant, so one range test finds every breach in the period;
    // the caller drops projected ones that lie after now.
    const rows = await this.db
      .select({ clock: slaClocks, serviceKey: incidents.serviceKey })
      .from(slaClocks)
      .innerJoin(incidents, eq(incidents.number, slaClocks.incidentNumber))
      .where(and(serviceKeys ? inArray(incidents.serviceKey, serviceKeys) : undefined, gte(slaClocks.breachedAt, from), lt(slaClocks.breachedAt, to)));
    return rows.map((r) => ({ ...toClock(r.clock), serviceKey: r.serviceKey }));
  }
}
