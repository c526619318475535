/** SLA policies: per service and priority, the targets and the calendar they count on. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Priority } from '../../src/domain/incident.ts';
import type { SlaPolicy } from '../../src/domain/service.ts';
import type { PolicyRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { slaPolicies } from '../schema.ts';

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
