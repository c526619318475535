/** Escalation policies and each incident's escalation state (docs/semantics.md §7). */
import { and, asc, eq, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Actor, Priority } from '../../src/domain/incident.ts';
import type { EscalationLevel, EscalationPolicy } from '../../src/domain/oncall.ts';
import type { EscalationRepository, FiredEscalation, IncidentEscalation } from '../../src/ports/oncall.ts';
import type { PactaDatabase } from '../client.ts';
import { escalationPolicies, incidentEscalations, type StoredFiredStep } from '../schema.ts';
import { toStoredActor } from './mappers.ts';
import { fromPerson, toPerson } from './rotas.ts';

/** The priority column's value for a policy that covers every priority. */
const ALL = '*';

type PolicyRow = typeof escalationPolicies.$inferSelect;
type EscalationRow = typeof incidentEscalations.$inferSelect;

function toPolicy(r: PolicyRow): EscalationPolicy {
  return {
    serviceKey: r.serviceKey,
    priority: r.priority === ALL ? null : (r.priority as Priority),
    levels: r.levels as EscalationLevel[],
    repeat: r.repeatTimes && r.repeatEverySeconds ? { times: r.repeatTimes, everySeconds: r.repeatEverySeconds } : null,
  };
}

function toFired(s: StoredFiredStep): FiredEscalation {
  return { level: s.level, round: s.round, at: new Date(s.at), tauMs: s.tauMs, paged: s.paged.map(toPerson), emptyRotas: s.emptyRotas };
}

function toEscalation(r: EscalationRow): IncidentEscalation {
  return { incidentNumber: r.incidentNumber, fired: r.fired.map(toFired), dueAt: r.dueAt };
}

export class DrizzleEscalationRepository implements EscalationRepository {
  constructor(private readonly db: PactaDatabase) {}

  async policyFor(serviceKey: string, priority: Priority): Promise<EscalationPolicy | null> {
    const rows = await this.db
      .select()
      .from(escalationPolicies)
      .where(and(eq(escalationPolicies.serviceKey, serviceKey), or(eq(escalationPolicies.priority, priority), eq(escalationPolicies.priority, ALL))));
    const own = rows.find((r) => r.priority === priority) ?? rows.find((r) => r.priority === ALL);
    return own ? toPolicy(own) : null;
  }

  async all(): Promise<EscalationPolicy[]> {
    return (await this.db.select().from(escalationPolicies).orderBy(asc(escalationPolicies.serviceKey), asc(escalationPolicies.priority))).map(toPolicy);
  }

  async policies(serviceKey: string): Promise<EscalationPolicy[]> {
    const rows = await this.db.select().from(escalationPolicies).where(eq(escalationPolicies.serviceKey, serviceKey)).orderBy(asc(escalationPolicies.priority));
    return rows.map(toPolicy).sort((a, b) => (a.priority === null ? -1 : b.priority === null ? 1 : a.priority.localeCompare(b.priority)));
  }

  async setPolicy(p: EscalationPolicy, by: Actor, at: Date): Promise<void> {
    const values = {
      serviceKey: p.serviceKey,
      priority: p.priority ?? ALL,
      levels: p.levels as unknown[],
      repeatTimes: p.repeat?.times ?? null,
      repeatEverySeconds: p.repeat?.everySeconds ?? null,
      updatedBy: toStoredActor(by),
      updatedAt: at,
    };
    const { serviceKey: _s, priority: _p, ...rest } = values;
    await this.db
      .insert(escalationPolicies)
      .values(values)
      .onConflictDoUpdate({ target: [escalationPolicies.serviceKey, escalationPolicies.priority], set: rest });
  }

  async removePolicy(serviceKey: string, priority: Priority | null): Promise<boolean> {
    const rows = await this.db
      .delete(escalationPolicies)
      .where(and(eq(escalationPolicies.serviceKey, serviceKey), eq(escalationPolicies.priority, priority ?? ALL)))
      .returning({ s: escalationPolicies.serviceKey });
    return rows.length === 1;
  }

  async lock(incidentNumber: number): Promise<IncidentEscalation | null> {
    const [r] = await this.db.select().from(incidentEscalations).where(eq(incidentEscalations.incidentNumber, incidentNumber)).for('update');
    return r ? toEscalation(r) : null;
  }

  async get(incidentNumber: number): Promise<IncidentEscalation | null> {
    const [r] = await this.db.select().from(incidentEscalations).where(eq(incidentEscalations.incidentNumber, incidentNumber));
    return r ? toEscalation(r) : null;
  }

  async save(e: IncidentEscalation): Promise<void> {
    await this.saveMany([e]);
  }

  async saveMany(rows: readonly IncidentEscalation[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((e) => ({
      incidentNumber: e.incidentNumber,
      fired: e.fired.map((f): StoredFiredStep => ({ level: f.level, round: f.round, at: f.at.toISOString(), tauMs: f.tauMs, paged: f.paged.map(fromPerson), emptyRotas: f.emptyRotas })),
      dueAt: e.dueAt,
    }));
    await this.db
      .insert(incidentEscalations)
      .values(values)
      .onConflictDoUpdate({ target: incidentEscalations.incidentNumber, set: { fired: sql`excluded.fired`, dueAt: sql`excluded.due_at` } });
  }

  async claimDue(now: Date, limit: number): Promise<IncidentEscalation[]> {
    const rows = await this.db
      .select()
      .from(incidentEscalations)
      .where(and(isNotNull(incidentEscalations.dueAt), lte(incidentEscalations.dueAt, now)))
      .orderBy(asc(incidentEscalations.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return rows.map(toEscalation);
  }
}
