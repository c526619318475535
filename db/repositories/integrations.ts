/** Monitoring integrations (docs/semantics.md §6): only hashes of their secrets are stored. */
import { asc, eq, sql } from 'drizzle-orm';
import type { AlertSourceKind } from '../../src/ports/alerts.ts';
import type { Integration, IntegrationRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { integrations } from '../schema.ts';
import { fromStoredActor, toStoredActor } from './mappers.ts';

type Row = typeof integrations.$inferSelect;

function toIntegration(r: Row): Integration {
  return {
    name: r.name,
    kind: r.kind as AlertSourceKind,
    secretHash: r.secretHash,
    previousHash: r.previousHash,
    previousUntil: r.previousUntil,
    hmacKey: r.hmacKey,
    defaultService: r.defaultService,
    routeLabel: r.routeLabel,
    perAlert: r.perAlert,
    severityMap: r.severityMap,
    reopenWindowSeconds: r.reopenWindowSeconds,
    stormLimit: r.stormLimit,
    stormWindowSeconds: r.stormWindowSeconds,
    ratePerMinute: r.ratePerMinute,
    createdBy: fromStoredActor(r.createdBy),
    createdAt: r.createdAt,
  };
}

function columns(i: Integration) {
  const { createdBy, ...rest } = i;
  return { ...rest, createdBy: toStoredActor(createdBy) };
}

export class DrizzleIntegrationRepository implements IntegrationRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(name: string): Promise<Integration | null> {
    const [r] = await this.db.select().from(integrations).where(eq(integrations.name, name));
    return r ? toIntegration(r) : null;
  }

  async lock(name: string): Promise<void> {
    await this.db.execute(sql`select 1 from ${integrations} where ${integrations.name} = ${name} for update`);
  }

  async list(): Promise<Integration[]> {
    return (await this.db.select().from(integrations).orderBy(asc(integrations.name))).map(toIntegration);
  }

  async add(i: Integration): Promise<boolean> {
    const rows = await this.db.insert(integrations).values(columns(i)).onConflictDoNothing().returning({ name: integrations.name });
    return rows.length === 1;
  }

  async update(i: Integration): Promise<void> {
    const { name, ...rest } = columns(i);
    await this.db.update(integrations).set(rest).where(eq(integrations.name, name));
  }

  async remove(name: string): Promise<boolean> {
    const rows = await this.db.delete(integrations).where(eq(integrations.name, name)).returning({ name: integrations.name });
    return rows.length === 1;
  }
}
