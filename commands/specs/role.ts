/**
 * `role grant|revoke|list`: who may do what (docs/semantics.md §4). Admins from configuration stay admins
 * whatever is granted here; everyone without a grant has the default role.
 */
import type { Actor } from '../../src/domain/incident.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { rolesList } from '../../src/messages/views/lists.ts';
import { ROLES } from '../../src/usecases/roles.ts';
import { noPositionals, positionals } from '../arguments.ts';
import { echo } from '../parse/echo.ts';
import { say } from '../replies.ts';
import type { CommandGroup, CommandSpec } from '../spec.ts';
import type { Role } from '../types.ts';

type User = { platform: 'slack' | 'teams'; id: string };

const USER_FORMS = 'slack:U123, a Slack mention like @alice, or teams:29:1abc…';

/**
 * A user as typed: `slack:U123`, `teams:29:1abc`, a Slack mention `<@U123>` / `<@U123|alice>`, or a bare
 * id meaning the invoker's platform. From the console (no platform of its own) the platform must be
 * named, except in a Slack mention, which can only be Slack's.
 */
export function parseUser(input: string, invoker: Actor['platform']): User {
  const s = input.trim();
  const mention = /^<@([A-Za-z0-9._-]+)(?:\|[^>]*)?>$/.exec(s);
  const prefixed = /^(slack|teams):(.+)$/i.exec(s);
  let platform: string;
  let id: string;
  if (mention) {
    platform = invoker === 'teams' ? 'teams' : 'slack';
    id = mention[1] ?? '';
  } else if (prefixed) {
    platform = (prefixed[1] ?? '').toLowerCase();
    id = prefixed[2] ?? '';
  } else {
    if (invoker !== 'slack' && invoker !== 'teams') throw new BadArgumentError(`Say which platform "${echo(s)}" is on: ${USER_FORMS}.`);
    platform = invoker;
    id = s.replace(/^@/, '');
  }
  if (!/^[A-Za-z0-9._:@-]{1,200}$/.test(id)) throw new BadArgumentError(`"${echo(s)}" is not a user: write ${USER_FORMS}.`);
  return { platform: platform as User['platform'], id };
}

function parseRole(input: string): Role {
  const r = input.trim().toLowerCase();
  const role = ROLES.find((x) => x === r || `${x}s` === r);
  if (!role) throw new BadArgumentError(`"${echo(input)}" is not a role: use admin, responder or viewer.`);
  return role;
}

const grant: CommandSpec = {
  name: 'grant',
  aliases: ['set', 'give'],
  usage: ['role grant <user> <admin|responder|viewer>'],
  summary: 'Give someone a role: viewer (queries), responder (incident actions), admin (configuration).',
  role: 'admin',
  examples: ['role grant @alice responder', 'role grant slack:U0123ABC admin', 'role grant teams:29:1abcdef viewer'],
  async run(ctx) {
    const words = positionals(ctx.args, ['user (e.g. slack:U123 or @alice)', 'role (admin, responder or viewer)']);
    const user = parseUser(words[0] ?? '', ctx.actor.platform);
    const role = parseRole(words[1] ?? '');
    await ctx.deps.admin.grantRole(user.platform, user.id, role, ctx.actor);
    ctx.markChanged();
    const note = ctx.deps.roles.isConfiguredAdmin(user.platform, user.id) && role !== 'admin' ? ' They stay an admin through PACTA_ADMINS until removed there.' : '';
    return { message: say([{ user: user }, ` (${user.platform}:${user.id}) is now ${role === 'admin' ? 'an' : 'a'} ${role}.${note}`]) };
  },
};

const revoke: CommandSpec = {
  name: 'revoke',
  aliases: ['remove', 'rm'],
  usage: ['role revoke <user>'],
  summary: 'Take back a role granted in chat; the user falls back to the default role.',
  role: 'admin',
  examples: ['role revoke @alice'],
  async run(ctx) {
    const words = positionals(ctx.args, ['user (e.g. slack:U123 or @alice)']);
    const user = parseUser(words[0] ?? '', ctx.actor.platform);
    const removed = await ctx.deps.admin.revokeRole(user.platform, user.id);
    if (removed) ctx.markChanged();
    const configured = ctx.deps.roles.isConfiguredAdmin(user.platform, user.id) ? ' They are still an admin through PACTA_ADMINS.' : '';
    const text = removed ? ` (${user.platform}:${user.id}) now has the default role.${configured}` : ` (${user.platform}:${user.id}) had no role granted in chat; nothing changed.${configured}`;
    return { message: say([{ user: user }, text]) };
  },
};

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  usage: ['role list'],
  summary: 'List the roles granted in chat.',
  role: 'viewer',
  async run(ctx) {
    noPositionals(ctx.args);
    return { message: rolesList(await ctx.deps.admin.roles(), { defaultRole: ctx.deps.roles.defaultRoleForEveryone }) };
  },
};

/** The `role` group. */
export const roleCommand: CommandGroup = {
  name: 'role',
  aliases: ['roles'],
  summary: 'Who may do what: admin, responder or viewer.',
  defaultSubcommand: 'list',
  subcommands: [grant, revoke, list],
};
