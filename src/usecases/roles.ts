import type { Actor } from '../domain/incident.ts';
import { ForbiddenError } from '../errors.ts';
import type { Role, Store } from '../ports/store.ts';

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };

export const ROLES: readonly Role[] = ['admin', 'responder', 'viewer'];

/**
 * Who may do what (docs/semantics.md §4): admins from configuration (`PACTA_ADMINS`, e.g. `slack:U123`), roles
 * granted in chat, and everyone else the default role. The console's local user is an admin.
 */
export class RolePolicy {
  constructor(
    private readonly store: Store,
    private readonly configuredAdmins: ReadonlySet<string>,
    private readonly defaultRole: Role,
  ) {}

  async roleOf(actor: Actor): Promise<Role> {
    if (actor.platform === 'console' || actor.platform === 'system') return 'admin';
    if (this.configuredAdmins.has(`${actor.platform}:${actor.id}`)) return 'admin';
    return (await this.store.read.roles.get(actor.platform, actor.id)) ?? this.defaultRole;
  }

  async allows(actor: Actor, needed: Role): Promise<boolean> {
    // Everyone is at least a viewer: queries need no lookup.
    if (needed === 'viewer') return true;
    return RANK[await this.roleOf(actor)] >= RANK[needed];
  }

  /** Throws ForbiddenError naming the role needed. */
  async require(actor: Actor, needed: Role, what: string): Promise<void> {
    if (needed === 'viewer') return;
    const has = await this.roleOf(actor);
    if (RANK[has] < RANK[needed]) {
      throw new ForbiddenError(`${what} needs the ${needed} role; you are ${article(has)} ${has}. An admin can grant it with \`role grant @you ${needed}\`.`);
    }
  }

  /** What everyone gets unless configured or granted otherwise (PACTA_DEFAULT_ROLE). */
  get defaultRoleForEveryone(): Role {
    return this.defaultRole;
  }

  isConfiguredAdmin(platform: string, userId: string): boolean {
    return this.configuredAdmins.has(`${platform}:${userId}`);
  }
}

function article(role: Role): string {
  return role === 'admin' ? 'an' : 'a';
}
