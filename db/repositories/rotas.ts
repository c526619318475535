/** On-call rotas and their overrides (docs/semantics.md §7). */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Actor } from '../../src/domain/incident.ts';
import type { Handoff, Person, RotaOverride } from '../../src/domain/oncall.ts';
import type { RotaRepository, StoredRota } from '../../src/ports/oncall.ts';
import type { PactaDatabase } from '../client.ts';
import { rotaOverrides, rotas, type StoredPerson } from '../schema.ts';
import { fromStoredActor, toStoredActor } from './mappers.ts';

type RotaRow = typeof rotas.$inferSelect;
type OverrideRow = typeof rotaOverrides.$inferSelect;

export const toPerson = (p: StoredPerson): Person => ({ platform: p.platform as Person['platform'], id: p.id });
export const fromPerson = (p: Person): StoredPerson => ({ platform: p.platform, id: p.id });

function toOverride(r: OverrideRow): RotaOverride {
  return { id: r.id, person: toPerson(r.person), from: r.from, until: r.until, createdAt: r.createdAt };
}

function toRota(r: RotaRow, overrides: OverrideRow[]): StoredRota {
  return {
    name: r.name,
    zone: r.zone,
    handoff: r.handoff as unknown as Handoff,
    members: r.members.map(toPerson),
    anchor: r.anchor,
    overrides: overrides.map(toOverride),
    createdBy: fromStoredActor(r.createdBy),
    createdAt: r.createdAt,
  };
}

export class DrizzleRotaRepository implements RotaRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(name: string, overridesFrom?: Date): Promise<StoredRota | null> {
    return (await this.getMany([name], overridesFrom)).get(name) ?? null;
  }

  async getMany(names: readonly string[], overridesFrom?: Date): Promise<Map<string, StoredRota>> {
    const out = new Map<string, StoredRota>();
    if (names.length === 0) return out;
    const [rows, overrides] = await Promise.all([
      this.db.select().from(rotas).where(inArray(rotas.name, [...names])),
      this.db
        .select()
        .from(rotaOverrides)
        .where(and(inArray(rotaOverrides.rota, [...names]), overridesFrom ? gt(rotaOverrides.until, overridesFrom) : undefined))
        .orderBy(asc(rotaOverrides.from), asc(rotaOverrides.id)),
    ]);
    for (const r of rows) out.set(r.name, toRota(r, overrides.filter((o) => o.rota === r.name)));
    return out;
  }

  async list(): Promise<StoredRota[]> {
    const [rows, overrides] = await Promise.all([this.db.select().from(rotas).orderBy(asc(rotas.name)), this.db.select().from(rotaOverrides).orderBy(asc(rotaOverrides.from), asc(rotaOverrides.id))]);
    return rows.map((r) => toRota(r, overrides.filter((o) => o.rota === r.name)));
  }

  async add(r: Omit<StoredRota, 'overrides'>): Promise<boolean> {
    const rows = await this.db
      .insert(rotas)
      .values({ name: r.name, zone: r.zone, handoff: r.handoff as unknown as Record<string, string | number>, members: r.members.map(fromPerson), anchor: r.anchor, createdBy: toStoredActor(r.createdBy), createdAt: r.createdAt })
      .onConflictDoNothing()
      .returning({ name: rotas.name });
    return rows.length === 1;
  }

  async update(r: Omit<StoredRota, 'overrides' | 'createdBy' | 'createdAt'>): Promise<void> {
    await this.db
      .update(rotas)
      .set({ zone: r.zone, handoff: r.handoff as unknown as Record<string, string | number>, members: r.members.map(fromPerson), anchor: r.anchor })
      .where(eq(rotas.name, r.name));
  }

  async remove(name: string): Promise<boolean> {
    return (await this.db.delete(rotas).where(eq(rotas.name, name)).returning({ name: rotas.name })).length === 1;
  }

  async addOverride(rota: string, o: Omit<RotaOverride, 'id'>, by: Actor): Promise<RotaOverride> {
    const [row] = await this.db
      .insert(rotaOverrides)
      .values({ rota, person: fromPerson(o.person), from: o.from, until: o.until, createdBy: toStoredActor(by), createdAt: o.createdAt })
      .returning();
    return toOverride(row!);
  }

  async removeOverride(rota: string, id: number): Promise<boolean> {
    return (await this.db.delete(rotaOverrides).where(and(eq(rotaOverrides.rota, rota), eq(rotaOverrides.id, id))).returning({ id: rotaOverrides.id })).length === 1;
  }
}
