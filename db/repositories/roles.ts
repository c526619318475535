import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../src/domain/incident.ts';
import type { Role, RoleRepository } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { userRoles } from '../schema.ts';
import { toStoredActor } from './mappers.ts';

export class DrizzleRoleRepository implements RoleRepository {
  constructor(private readonly db: PactaDatabase) {}

  async get(platform: string, userId: string): Promise<Role | null> {
    const [r] = await this.db.select({ role: userRoles.role }).from(userRoles).where(and(eq(userRoles.platform, platform), eq(userRoles.userId, userId)));
    return (r?.role as Role | undefined) ?? null;
  }

  async set(platform: string, userId: string, role: Role, by: Actor, at: Date): Promise<void> {
    const values = { role, grantedBy: toStoredActor(by), grantedAt: at };
    await this.db.insert(userRoles).values({ platform, userId, ...values }).onConflictDoUpdate({ target: [userRoles.platform, userRoles.userId], set: values });
  }

  async remove(platform: string, userId: string): Promise<boolean> {
    const rows = await this.db.delete(userRoles).where(and(eq(userRoles.platform, platform), eq(userRoles.userId, userId))).returning({ u: userRoles.userId });
    return rows.length > 0;
  }

  async list(): Promise<Array<{ platform: string; userId: string; role: Role }>> {
    const rows = await this.db.select().from(userRoles).orderBy(asc(userRoles.platform), asc(userRoles.userId));
    return rows.map((r) => ({ platform: r.platform, userId: r.userId, role: r.role as Role }));
  }
}
